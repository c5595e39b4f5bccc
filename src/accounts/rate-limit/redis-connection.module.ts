import { Module } from '@nestjs/common';
import { RedisConnection } from './redis-connection';

/** Its own module so ThrottlerModule.forRootAsync can import the connection too. */
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisConnectionModule {}
