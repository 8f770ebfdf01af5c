import { Global, Module } from '@nestjs/common';

import { MetricsService } from './metrics.service';

/** Prometheus metrics, recorded by the HTTP layer, the LDAP gateway and the auth services. */
@Global()
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
