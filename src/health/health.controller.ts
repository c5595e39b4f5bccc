import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { DatabaseHealthIndicator } from './database.health';
import { MigrationsHealthIndicator } from './migrations.health';

const HEALTHY = {
  description: 'Healthy: `{"status":"ok","info":{<check>:{"status":"up"}},"error":{},"details":{...}}`',
  schema: { type: 'object', properties: { status: { type: 'string', example: 'ok' } } },
};

/**
 * Probes for orchestrators. An unhealthy answer goes through the exception filter like every
 * other error, so it is the shared error body (503, `details` naming the failing check) — not
 * terminus's own schema, hence `swaggerDocumentation: false` and explicit responses.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse(HEALTHY)
  @ApiErrors([503, 'Not live'])
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database reachable and every migration applied' })
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse(HEALTHY)
  @ApiErrors([
    503,
    "Not ready: `details` names the failing check (database, migrations); an unreachable database is `database unreachable`, never the driver's message",
  ])
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', 2000),
      () => this.migrations.check('migrations'),
    ]);
  }
}
