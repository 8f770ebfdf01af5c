import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Public } from '../common/access/access-tier.decorator';
import { RawResponse } from '../common/access/raw-response.decorator';
import { DatabaseHealth } from '../database/database-health';
import { MetricsService } from '../metrics/metrics.service';
import { DirectoryProbe, DirectoryState } from './directory-probe';

interface Readiness {
  status: 'ready' | 'not_ready';
  database: 'up' | 'down';
  migrations: 'done' | 'pending' | 'unknown';
  directory: DirectoryState;
}

/**
 * Probes and metrics for Kubernetes and Prometheus. They are public, outside the success
 * envelope, and not written to the request log.
 */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly directory: DirectoryProbe,
    private readonly metrics: MetricsService,
  ) {}

  @Get('healthz')
  @Public()
  @RawResponse()
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is alive' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready when the database responds and every migration has run. The directory's state is
   * reported but does not fail readiness, so a DC outage does not take every replica out of
   * the Service at once.
   */
  @Get('readyz')
  @Public()
  @RawResponse()
  @ApiOperation({
    operationId: 'getReadiness',
    summary:
      'The database is reachable and migrated (503 otherwise); the directory state is reported',
  })
  @ApiOkResponse({
    schema: {
      example: { status: 'ready', database: 'up', migrations: 'done', directory: 'up' },
    },
  })
  async readiness(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const [databaseUp, directory] = await Promise.all([
      this.database.ping(),
      this.directory.check(),
    ]);
    const migrations = databaseUp ? await this.migrationState() : 'unknown';
    const ready = databaseUp && migrations === 'done';
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);

    return {
      status: ready ? 'ready' : 'not_ready',
      database: databaseUp ? 'up' : 'down',
      migrations,
      directory,
    };
  }

  @Get('metrics')
  @Public()
  @RawResponse()
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics in text format' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format.' })
  async prometheus(@Res({ passthrough: true }) res: Response): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    res.type(contentType);

    return body;
  }

  private async migrationState(): Promise<'done' | 'pending' | 'unknown'> {
    try {
      return (await this.database.migrationsPending()) ? 'pending' : 'done';
    } catch {
      return 'unknown';
    }
  }
}
