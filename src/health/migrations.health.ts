import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DATABASE_UNREACHABLE } from './database.health';

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
    let rows: { name: string }[];
    try {
      rows = await this.dataSource.query(
        `SELECT name FROM ${this.dataSource.options.migrationsTableName ?? 'migrations'}`,
      );
    } catch {
      // Down, not thrown: a thrown error would make the probe a 500 (and the database check logs why).
      return check.down({ message: DATABASE_UNREACHABLE });
    }
    const applied = new Set(rows.map((r) => r.name));
    const pending = shipped.filter((name) => !applied.has(name));
    return pending.length ? check.down({ pending }) : check.up({ applied: applied.size });
  }
}
