import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { preparePooledStatements } from './prepared-statement-cache';

/**
 * TypeORM on the configured (or embedded) PostgreSQL; pending migrations run at boot. Statements
 * marked with prepared() run as named prepared statements on every pooled connection.
 */
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
      // The hot transactional statements (marked with prepared()) run as named prepared statements.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        preparePooledStatements((dataSource.driver as PostgresDriver).master as Pool);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
