import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Outcome label of `interlock_logins_total`. */
export type LoginResult =
  'success' | 'invalid_credentials' | 'throttled' | 'password_change_required' | 'error';

// Buckets in seconds, from a fast cached read to a slow tree search of a large domain.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus metrics of one app instance. Each instance has its own registry rather than
 * prom-client's global one, so several apps in one process (as in the tests) do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly ldapDuration = new Histogram({
    name: 'interlock_ldap_operation_duration_seconds',
    help: 'Directory operation duration by operation and LDAP result.',
    labelNames: ['operation', 'result'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly logins = new Counter({
    name: 'interlock_logins_total',
    help: 'Login attempts by result.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly refreshReuse = new Counter({
    name: 'interlock_refresh_reuse_total',
    help: 'Refresh tokens presented again after rotation. Each one revoked its session.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Reports the connection pool's counts, read at every scrape. */
  observePool(stats: () => { borrowed: number; idle: number; pending: number }): void {
    this.registry.removeSingleMetric('interlock_ldap_pool_connections');
    new Gauge({
      name: 'interlock_ldap_pool_connections',
      help: 'Service-account connections by state: borrowed, idle, or pending (requests waiting for one).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const counts = stats();
        this.set({ state: 'borrowed' }, counts.borrowed);
        this.set({ state: 'idle' }, counts.idle);
        this.set({ state: 'pending' }, counts.pending);
      },
    });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** Records one directory operation; `resultCode` is the LDAP result, -1 for a lost connection. */
  observeLdap(operation: string, resultCode: number, seconds: number): void {
    this.ldapDuration.observe({ operation, result: ldapResultLabel(resultCode) }, seconds);
  }

  countLogin(result: LoginResult): void {
    this.logins.inc({ result });
  }

  countRefreshReuse(): void {
    this.refreshReuse.inc();
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

// Names of the result codes the API meets, so dashboards need no code table.
const RESULT_NAMES: Record<number, string> = {
  [-1]: 'connection_lost',
  0: 'success',
  3: 'time_limit_exceeded',
  4: 'size_limit_exceeded',
  10: 'referral',
  16: 'no_such_attribute',
  19: 'constraint_violation',
  20: 'attribute_or_value_exists',
  32: 'no_such_object',
  34: 'invalid_dn_syntax',
  49: 'invalid_credentials',
  50: 'insufficient_access_rights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwilling_to_perform',
  64: 'naming_violation',
  65: 'object_class_violation',
  66: 'not_allowed_on_non_leaf',
  68: 'entry_already_exists',
};

function ldapResultLabel(resultCode: number): string {
  return RESULT_NAMES[resultCode] ?? 'other';
}
