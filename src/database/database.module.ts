import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** TypeORM on the configured (or embedded) PostgreSQL; pending migrations run at boot. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('databaseUrl must be resolved before the app starts');
        return {
          ...dataSourceOptions(config.databaseUrl, {
            migrationsRun: true,
            migrationsTransactionMode: 'each',
            extra: { max: config.databasePoolSize, application_name: 'bazaar' },
          }),
          autoLoadEntities: false,
          retryAttempts: 3,
          retryDelay: 500,
        };
      },
    }),
  ],
})
export class DatabaseModule {}
