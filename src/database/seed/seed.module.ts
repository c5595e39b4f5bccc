import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module';
import { DemoSeeder } from './demo-seeder';

@Module({ imports: [AccountsModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class SeedModule {}
