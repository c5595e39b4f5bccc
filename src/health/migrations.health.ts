import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/** Ready only when every migration shipped with this build has been applied. */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const check = this.indicator.check(key);
    const shipped = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name);
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT name FROM ${this.dataSource.options.migrationsTableName ?? 'migrations'}`,
    );
    const applied = new Set(rows.map((r) => r.name));
    const pending = shipped.filter((name) => !applied.has(name));
    return pending.length ? check.down({ pending }) : check.up({ applied: applied.size });
  }
}
