// Rendered objects are plain parsed YAML, navigated here without a type for every kind.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';

import {
  CHART_DIR,
  chartValues,
  Manifest,
  readChartMetadata,
  readValuesFile,
  renderChart,
  Values,
} from './packaging/helm-chart';

// The Helm chart in deploy/helm/interlock, checked without the helm binary: values against
// values.schema.json, every rendered object against the Kubernetes OpenAPI schemas of
// kubernetes-models, and the properties a safe deployment depends on.

const PRODUCTION_VALUES = readValuesFile(join(CHART_DIR, 'ci', 'production-values.yaml'));
const SECRET_VARIABLES = [
  'JWT_SECRET',
  'SETTINGS_ENCRYPTION_KEY',
  'DATABASE_URL',
  'LDAP_AUTH_CONNECTION_PASSWORD',
  'LOCAL_ADMIN_PASSWORD',
];
/** The application's grace period for requests in flight after SIGTERM (src/main.ts). */
const APP_SHUTDOWN_GRACE_SECONDS = 25;

/**
 * Validates objects against the OpenAPI schemas of kubernetes-models and, for the
 * ServiceMonitor, @kubernetes-models/prometheus-operator. Those packages are ES modules only,
 * which this CommonJS test cannot import, so a child Node process loads them. Returns one
 * message per invalid object.
 */
const VALIDATE_SCRIPT = `
  import { join } from 'node:path';
  import { pathToFileURL } from 'node:url';
  const modules = process.argv[1];
  const manifests = JSON.parse(await new Response(process.stdin).text());
  const problems = [];
  for (const { file, object } of manifests) {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    const path = group === 'monitoring.coreos.com'
      ? join(modules, '@kubernetes-models', 'prometheus-operator', group, version, object.kind + '.js')
      : join(modules, 'kubernetes-models', group, version, object.kind + '.js');
    try {
      const Model = (await import(pathToFileURL(path).href))[object.kind];
      new Model(object).validate();
    } catch (error) {
      problems.push(file + ' ' + object.kind + ': ' + error.message);
    }
  }
  process.stdout.write(JSON.stringify(problems));
`;

function validateManifests(manifests: Manifest[]): string[] {
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', VALIDATE_SCRIPT, join(__dirname, '..', 'node_modules')],
    { input: JSON.stringify(manifests), encoding: 'utf8' },
  );

  return JSON.parse(output) as string[];
}

function validateValues(values: Values): string[] {
  const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  if (validate(values)) {
    return [];
  }

  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

function find(manifests: Manifest[], kind: string): Manifest['object'] & Record<string, any> {
  const found = manifests.filter((manifest) => manifest.object.kind === kind);
  if (found.length !== 1) {
    throw new Error(`Expected one ${kind}, rendered ${found.length}`);
  }

  return found[0].object as Manifest['object'] & Record<string, any>;
}

describe('Helm chart values', () => {
  it('default values match the schema', () => {
    expect(validateValues(chartValues())).toEqual([]);
  });

  it('production values match the schema', () => {
    expect(validateValues(chartValues(PRODUCTION_VALUES))).toEqual([]);
  });

  it.each(SECRET_VARIABLES)('schema rejects %s in config', (variable) => {
    expect(validateValues(chartValues({ config: { [variable]: 'inline-secret' } }))).not.toEqual(
      [],
    );
  });

  it.each([
    ['an unknown top-level key', { replicas: 3 }],
    ['a writable root filesystem', { securityContext: { readOnlyRootFilesystem: false } }],
    ['privilege escalation', { securityContext: { allowPrivilegeEscalation: true } }],
    ['running as root', { podSecurityContext: { runAsNonRoot: false } }],
    ['the latest tag', { image: { tag: 'latest' } }],
    ['a clear-text directory URL scheme', { config: { LDAP_AUTH_URL: 'http://dc1.example.lan' } }],
    ['an optional JWT secret', { secretEnv: { JWT_SECRET: { optional: true } } }],
    [
      'a CA from both a Secret and a ConfigMap',
      { directoryCa: { secretName: 'a', configMapName: 'b' } },
    ],
    ['a grace period under the app grace', { terminationGracePeriodSeconds: 20 }],
  ])('schema rejects %s', (_case, override) => {
    expect(validateValues(chartValues(override as Values))).not.toEqual([]);
  });

  it('chart appVersion equals package.json version', () => {
    const packageJson = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };

    expect(readChartMetadata().appVersion).toBe(packageJson.version);
  });
});

describe.each([
  ['default values', chartValues()],
  ['production values', chartValues(PRODUCTION_VALUES)],
])('Helm chart rendered with %s', (_name, values) => {
  const { manifests, notes } = renderChart(values);
  const deployment = find(manifests, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const job = find(manifests, 'Job');
  const jobPod = job.spec.template.spec;

  it('renders objects that match the Kubernetes schemas', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });

  it('renders no two objects with one kind and name', () => {
    const keys = manifests.map(({ object }) => `${object.kind}/${object.metadata.name}`);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('runs the API and the Job as non-root', () => {
    for (const spec of [pod, jobPod]) {
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(spec.automountServiceAccountToken).toBe(false);
      const context = spec.containers[0].securityContext;
      expect(context.allowPrivilegeEscalation).toBe(false);
      expect(context.readOnlyRootFilesystem).toBe(true);
      expect(context.capabilities.drop).toEqual(['ALL']);
      expect(context.capabilities.add).toBeUndefined();
      expect(context.privileged).toBeUndefined();
    }
  });

  it('mounts writable emptyDir volumes at /data and /tmp', () => {
    const mounts = Object.fromEntries(
      container.volumeMounts.map((mount: { name: string; mountPath: string }) => [
        mount.mountPath,
        mount.name,
      ]),
    );
    const volumes = Object.fromEntries(
      pod.volumes.map((volume: { name: string }) => [volume.name, volume]),
    );

    expect(volumes[mounts['/data']].emptyDir).toBeDefined();
    expect(volumes[mounts['/tmp']].emptyDir).toBeDefined();
  });

  it('probes /healthz for liveness and /readyz for readiness', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
  });

  it('sets requests and a memory limit', () => {
    expect(container.resources.requests.cpu).toBeDefined();
    expect(container.resources.requests.memory).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
  });

  it('outlasts the app grace period on termination', () => {
    const preStop: string[] = container.lifecycle.preStop.exec.command;
    const sleepSeconds = Number(preStop[1]);

    expect(preStop[0]).toBe('sleep');
    expect(sleepSeconds).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(
      sleepSeconds + APP_SHUTDOWN_GRACE_SECONDS,
    );
  });

  it('reads every secret from a Secret reference', () => {
    const env = new Map<string, any>(
      container.env.map((variable: { name: string }) => [variable.name, variable]),
    );
    for (const variable of SECRET_VARIABLES) {
      expect(env.get(variable)?.valueFrom?.secretKeyRef?.name).toEqual(expect.any(String));
      expect(env.get(variable)?.value).toBeUndefined();
    }

    for (const variable of ['JWT_SECRET', 'SETTINGS_ENCRYPTION_KEY', 'DATABASE_URL']) {
      expect(env.get(variable).valueFrom.secretKeyRef.optional).toBe(false);
    }

    expect(container.envFrom).toEqual([
      { configMapRef: { name: find(manifests, 'ConfigMap').metadata.name } },
    ]);
  });

  it('creates no Secret and puts no secret in the ConfigMap', () => {
    const configMap = find(manifests, 'ConfigMap');

    expect(manifests.filter(({ object }) => object.kind === 'Secret')).toEqual([]);
    for (const variable of SECRET_VARIABLES) {
      expect(Object.keys(configMap.data)).not.toContain(variable);
    }
  });

  it('lets the Job alone run the migrations', () => {
    const configMap = find(manifests, 'ConfigMap');

    expect(configMap.data.MIGRATE_ON_START).toBe('false');
    expect(configMap.data.NODE_ENV).toBe('production');
    expect(configMap.data.DATA_DIR).toBe('/data');
    expect(configMap.data.PORT).toBe('8000');
  });

  it('runs the migration Job as a pre-install and pre-upgrade hook', () => {
    const jobContainer = jobPod.containers[0];

    expect(job.metadata.annotations).toEqual({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-weight': '0',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    expect(jobPod.restartPolicy).toBe('Never');
    expect(jobContainer.image).toBe(container.image);
    expect(jobContainer.command).toEqual(['node', 'dist/migrate.js']);
    // Hooks run before the chart's ConfigMap exists, so the Job must not reference it.
    expect(jobContainer.envFrom).toBeUndefined();
    expect(jobContainer.env).toContainEqual({
      name: 'DATABASE_URL',
      valueFrom: {
        secretKeyRef: container.env.find(
          (variable: { name: string }) => variable.name === 'DATABASE_URL',
        ).valueFrom.secretKeyRef,
      },
    });
  });

  it('keeps the Job pods out of the API selectors', () => {
    const jobLabels: Record<string, string> = job.spec.template.metadata.labels;
    const service = find(manifests, 'Service');
    const selectors: Array<Record<string, string>> = [
      service.spec.selector,
      deployment.spec.selector.matchLabels,
    ];
    for (const selector of selectors) {
      const matches = Object.entries(selector).every(([key, value]) => jobLabels[key] === value);
      expect(matches).toBe(false);
      expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
    }
  });

  it('selects the API pods in the PodDisruptionBudget', () => {
    const budget = find(manifests, 'PodDisruptionBudget');

    expect(budget.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
  });

  it('restarts pods when the configuration changes', () => {
    const changed = renderChart(
      chartValues(values, { config: { LOG_LEVEL: 'debug' } }),
    ).manifests.find(({ object }) => object.kind === 'Deployment')!.object as Record<string, any>;

    expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(
      /^[0-9a-f]{64}$/,
    );
    expect(changed.spec.template.metadata.annotations['checksum/config']).not.toBe(
      deployment.spec.template.metadata.annotations['checksum/config'],
    );
  });

  it('names the release in NOTES.txt', () => {
    expect(notes).toContain('kubectl -n identity rollout status deployment/interlock');
  });
});

describe('Kubernetes schema check', () => {
  it('reports an invalid object', () => {
    const { manifests } = renderChart(chartValues());
    const broken = structuredClone(manifests.find(({ object }) => object.kind === 'Deployment')!);
    (broken.object as any).spec.template.spec.containers[0].ports[0].containerPort = 'http';

    expect(validateManifests([broken])).toEqual([
      expect.stringContaining('containerPort must be integer'),
    ]);
  });
});

describe('Helm chart options', () => {
  it('renders production objects', () => {
    const { manifests } = renderChart(chartValues(PRODUCTION_VALUES));
    const deployment = find(manifests, 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    const configMap = find(manifests, 'ConfigMap');
    const ingress = find(manifests, 'Ingress');
    const autoscaler = find(manifests, 'HorizontalPodAutoscaler');
    const monitor = find(manifests, 'ServiceMonitor');

    expect(container.image).toBe('registry.example.lan/platform/interlock:0.1.0');
    // The autoscaler owns the replica count.
    expect(deployment.spec.replicas).toBeUndefined();
    expect(autoscaler.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(configMap.data.LDAP_AUTH_CONNECTION_USER_DN).toBe(
      'CN=Interlock Service,OU=Service Accounts,DC=example,DC=lan',
    );
    expect(configMap.data.LDAP_POOL_SIZE).toBe('8');
    expect(ingress.spec.rules[0].http.paths).toEqual([
      {
        path: '/api',
        pathType: 'Prefix',
        backend: { service: { name: deployment.metadata.name, port: { name: 'http' } } },
      },
    ]);
    expect(monitor.spec.endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' },
    ]);
    expect(monitor.metadata.labels?.release).toBe('kube-prometheus-stack');
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([
      { name: 'registry-example-lan' },
    ]);
  });

  it('mounts the directory CA from a ConfigMap', () => {
    const { manifests } = renderChart(chartValues(PRODUCTION_VALUES));
    const deployment = find(manifests, 'Deployment');
    const pod = deployment.spec.template.spec;
    const configMap = find(manifests, 'ConfigMap');

    expect(configMap.data.LDAP_TLS_CA_FILE).toBe('/etc/interlock/ca/ca.crt');
    expect(pod.volumes).toContainEqual({
      name: 'directory-ca',
      configMap: { name: 'example-lan-ca', items: [{ key: 'ca.pem', path: 'ca.crt' }] },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'directory-ca',
      mountPath: '/etc/interlock/ca',
      readOnly: true,
    });
  });

  it('mounts the directory CA from a Secret', () => {
    const { manifests } = renderChart(chartValues({ directoryCa: { secretName: 'ad-ca' } }));
    const pod = find(manifests, 'Deployment').spec.template.spec;

    expect(find(manifests, 'ConfigMap').data.LDAP_TLS_CA_FILE).toBe('/etc/interlock/ca/ca.crt');
    expect(pod.volumes).toContainEqual({
      name: 'directory-ca',
      secret: { secretName: 'ad-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
    });
  });

  it('leaves the CA file unset without a CA', () => {
    const { manifests } = renderChart(chartValues());
    const pod = find(manifests, 'Deployment').spec.template.spec;

    expect(find(manifests, 'ConfigMap').data.LDAP_TLS_CA_FILE).toBeUndefined();
    expect(pod.volumes.map((volume: { name: string }) => volume.name)).toEqual(['data', 'tmp']);
  });

  it('leaves optional objects out by default', () => {
    const kinds = renderChart(chartValues()).manifests.map(({ object }) => object.kind);

    expect(kinds.sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Job',
      'PodDisruptionBudget',
      'Service',
    ]);
  });

  it('migrates at start without the Job', () => {
    const { manifests } = renderChart(chartValues({ migration: { enabled: false } }));

    expect(manifests.map(({ object }) => object.kind)).not.toContain('Job');
    expect(find(manifests, 'ConfigMap').data.MIGRATE_ON_START).toBe('true');
  });

  it('uses the release name when it contains the chart name', () => {
    const named = renderChart(chartValues(), 'prod-interlock').manifests;
    const prefixed = renderChart(chartValues(), 'directory').manifests;

    expect(find(named, 'Deployment').metadata.name).toBe('prod-interlock');
    expect(find(prefixed, 'Deployment').metadata.name).toBe('directory-interlock');
    expect(find(prefixed, 'Job').metadata.name).toBe('directory-interlock-migrate');
  });

  it('quotes config values with YAML syntax', () => {
    const value = 'CN=Ops: "Team" #1,DC=example,DC=lan';
    const { manifests } = renderChart(chartValues({ config: { ADMIN_GROUP_TO_SEARCH: value } }));

    expect(find(manifests, 'ConfigMap').data.ADMIN_GROUP_TO_SEARCH).toBe(value);
  });
});
