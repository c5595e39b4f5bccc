import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/**
 * What an unhealthy database check tells callers. The probes are public: the driver's message
 * (host names, database and user names, the server's wording) goes to the log, not to them.
 */
export const DATABASE_UNREACHABLE = 'database unreachable';

/** Readiness: one `SELECT 1` within the timeout. */
@Injectable()
export class DatabaseHealthIndicator {
  private readonly logger = new Logger('Health');
  /** The last failure logged, so a probe every few seconds during an outage logs each cause once. */
  private lastFailure = '';

  constructor(
    private readonly dataSource: DataSource,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async pingCheck(key: string, timeoutMs: number) {
    const check = this.indicator.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
      this.lastFailure = '';
      return check.up();
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.lastFailure) this.logger.warn(`readiness: database check failed: ${message}`);
      this.lastFailure = message;
      return check.down({ message: DATABASE_UNREACHABLE });
    } finally {
      clearTimeout(timer);
    }
  }
}
