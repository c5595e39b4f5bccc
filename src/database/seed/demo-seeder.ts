import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The demo shop. `npm start` runs `seedIfEmpty()` on a fresh database (unless SEED_DEMO=false);
 * `npm run seed` runs it on demand. Each module adds its part through its own service.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(private readonly dataSource: DataSource) {}

  async seedIfEmpty(): Promise<boolean> {
    this.logger.log('nothing to seed yet');
    return false;
  }
}
