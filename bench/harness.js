'use strict';
/**
 * Runs the benchmark against the DC that bench/dc.sh started. It starts the API
 * (node dist/main.js) on a fresh PostgreSQL database and runs bench/client.js at each
 * concurrency while it samples the API's memory. It repeats that for the growth check and for
 * PGlite, then writes bench/results/latest.json and latest.md (partial.json and partial.md when
 * BENCH_SCENARIOS picks some scenarios, so a partial run keeps the full results).
 *
 * Environment:
 *   BENCH_POSTGRES_URL   server for the throwaway database (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_ITERATIONS     requests per light scenario and concurrency (default 50)
 *   BENCH_HEAVY_ITERATIONS  requests per heavy scenario at c=1 (lists of thousands; default 5, at c=16 16)
 *   BENCH_WARMUP         warm-up rounds before measuring (default 3)
 *   BENCH_MEMORY_ROUNDS  times the concurrency-16 set runs to check that memory does not grow (default 3)
 *   BENCH_CPU_PROFILE    scenario name: run the API with --cpu-prof during it, write bench/results/
 *   BENCH_CPU_PROFILE_CONCURRENCY  concurrency of the profiled scenario (default 1)
 *   BENCH_SCENARIOS      comma-separated scenarios to run (default all); targets of the others are left out
 */
const { spawn, execFileSync } = require('node:child_process');
const { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { cpus, totalmem, tmpdir } = require('node:os');
const { join } = require('node:path');
const { createServer } = require('node:net');

const { Client } = require('pg');

const ROOT = join(__dirname, '..');
const RESULTS = join(__dirname, 'results');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const HEAVY_ITERATIONS = Number(process.env.BENCH_HEAVY_ITERATIONS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const MEMORY_ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 3);
const PROFILE_SCENARIO = process.env.BENCH_CPU_PROFILE;
const PROFILE_CONCURRENCY = Number(process.env.BENCH_CPU_PROFILE_CONCURRENCY ?? 1);

const DOMAIN_DN = 'DC=interlock,DC=test';
const ZONE = 'bench.test';
const ADMIN_DN = `CN=Bench User 00000,OU=Dept00,OU=Large,OU=Bench,${DOMAIN_DN}`;
const BIG_GROUP_DN = `CN=Bench Big Group,OU=Groups,OU=Bench,${DOMAIN_DN}`;
const SMALL_BASE = `OU=Dept00,OU=Large,OU=Bench,${DOMAIN_DN}`;
const LARGE_BASE = `OU=Large,OU=Bench,${DOMAIN_DN}`;

const SCENARIOS = [
  'login',
  'refresh',
  'users_list_all',
  'users_search_page',
  'user_fetch',
  'group_fetch_5000',
  'dirtree',
  'zone_listing',
  'record_insert_delete',
  'user_update',
];
const READS = ['users_list_all', 'users_search_page', 'user_fetch', 'group_fetch_5000', 'dirtree', 'zone_listing'];
const GROWTH_SCENARIOS = ['users_list_all', 'dirtree'];
const SELECTED = process.env.BENCH_SCENARIOS === undefined ? SCENARIOS : process.env.BENCH_SCENARIOS.split(',');
const unknownScenarios = SELECTED.filter((name) => !SCENARIOS.includes(name));
if (unknownScenarios.length > 0) {
  process.stderr.write(`bench: unknown scenario in BENCH_SCENARIOS: ${unknownScenarios.join(', ')}; known: ${SCENARIOS.join(', ')}\n`);
  process.exit(2);
}

function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

function readEnvFile(file) {
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)='(.*)'$/.exec(line.trim());
    if (match) {
      env[match[1]] = match[2].replace(/'\\''/g, "'");
    }
  }

  return env;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function withPostgres(work) {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);

  return { rssMb: kib('VmRSS') / 1024, hwmMb: kib('VmHWM') / 1024 };
}

/** Starts node dist/main.js, waits for /healthz and then samples its RSS every 50 ms. */
async function startApi(env, label, nodeArgs = []) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'interlock-bench-'));
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-20000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-20000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the API (${label}) exited with ${child.exitCode} at start:\n${output}`);
    }

    try {
      if ((await fetch(`${url}/healthz`)).ok) {
        break;
      }
    } catch {
      // Not listening yet.
    }

    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API (${label}) did not respond on /healthz within 60 s:\n${output}`);
    }

    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  let peakRssMb = 0;
  const sampler = setInterval(() => {
    try {
      peakRssMb = Math.max(peakRssMb, memoryOf(child.pid).rssMb);
    } catch {
      // The process is exiting.
    }
  }, 50);
  log(`API (${label}) listens on ${url}, pid ${child.pid}`);

  return {
    url,
    pid: child.pid,
    output: () => output,
    memory: () => ({ ...memoryOf(child.pid), sampledPeakMb: peakRssMb }),
    async stop() {
      clearInterval(sampler);
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });

      return code;
    },
  };
}

/** Runs bench/client.js in a process of its own and returns its parsed JSON result. */
async function runClient(config) {
  const file = join(tmpdir(), `interlock-bench-client-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  const child = spawn(process.execPath, [join(__dirname, 'client.js'), file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  rmSync(file, { force: true });
  if (code !== 0) {
    throw new Error(`bench/client.js exited with ${code}`);
  }

  return JSON.parse(stdout.trim().split('\n').pop());
}

function clientConfig(api, apiEnv, sandbox, scenarios, concurrency, floor) {
  return {
    apiUrl: api.url,
    apiEnv,
    scenarios,
    concurrency,
    floor,
    iterations: ITERATIONS,
    heavyIterations: HEAVY_ITERATIONS,
    warmup: WARMUP,
    credentials: { username: 'bench.admin', password: sandbox.SANDBOX_DEMO_PASSWORD },
    adminDn: ADMIN_DN,
    bigGroupDn: BIG_GROUP_DN,
    domainDn: DOMAIN_DN,
    zone: ZONE,
    searchTerm: 'u0042',
  };
}

function machine() {
  const samba = execFileSync('samba', ['--version'], { encoding: 'utf8' }).trim();
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
  } catch {
    // Not a git checkout.
  }

  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    samba,
    commit,
    srcModified: dirty,
  };
}

function ratio(api, floor) {
  return api === null || floor === null || floor === 0 ? null : api / floor;
}

function fixed(value, digits = 1) {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

function tableOf(runs) {
  const lines = [
    '| scenario | c | API p50 | API p95 | API p99 | API req/s | floor p50 | floor p95 | floor p99 | floor req/s | p50 ratio | throughput ratio | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const run of runs) {
    for (const [name, { api, floor }] of Object.entries(run.results)) {
      lines.push(
        `| ${name} | ${run.concurrency} | ${fixed(api.p50)} | ${fixed(api.p95)} | ${fixed(api.p99)} | ` +
          `${fixed(api.throughput)} | ${fixed(floor?.p50)} | ${fixed(floor?.p95)} | ${fixed(floor?.p99)} | ` +
          `${fixed(floor?.throughput)} | ${fixed(ratio(api.p50, floor?.p50 ?? null), 2)} | ` +
          `${fixed(ratio(api.throughput, floor?.throughput ?? null), 2)} | ${api.errors + (floor?.errors ?? 0)} |`,
      );
    }
  }

  return lines.join('\n');
}

/** Evaluates the targets from the main runs. */
function targets(c1, c16, memory, growth) {
  const checks = [];
  for (const name of READS.filter((read) => SELECTED.includes(read))) {
    const one = c1.results[name];
    const sixteen = c16.results[name];
    const latency = ratio(one.api.p50, one.floor.p50);
    const throughput = ratio(sixteen.api.throughput, sixteen.floor.throughput);
    checks.push({ target: `${name}: p50 ≤ 1.25× floor at c=1`, value: latency, met: latency !== null && latency <= 1.25 });
    checks.push({ target: `${name}: throughput ≥ 0.8× floor at c=16`, value: throughput, met: throughput !== null && throughput >= 0.8 });
  }

  if (SELECTED.includes('login')) {
    const login = ratio(c1.results.login.api.p50, c1.results.login.floor.p50);
    checks.push({ target: 'login: p50 ≤ 1.25× floor at c=1', value: login, met: login !== null && login <= 1.25 });
  }

  checks.push({ target: 'peak RSS < 300 MB with PostgreSQL', value: memory.peakMb, met: memory.peakMb < 300 });
  // The first round grows the heap to its working size, so growth is judged from the second
  // round on. With fewer than three rounds there is nothing to compare.
  const growthRounds = memory.rssAfterRounds;
  const last = growthRounds[growthRounds.length - 1];
  checks.push({
    target: 'RSS does not grow over repeated c=16 rounds (last ≤ 1.1× second)',
    value: last,
    met: growthRounds.length < 3 ? null : last <= growthRounds[1] * 1.1,
  });
  for (const [name, values] of Object.entries(growth)) {
    checks.push({ target: `${name}: API cost at 10,000 users ≤ 10× cost at 1,000`, value: values.apiRatio, met: values.apiRatio !== null && values.apiRatio <= 10 });
  }

  return checks;
}

async function main() {
  const sandbox = readEnvFile(join(ROOT, '.bench-sandbox', 'interlock.env'));
  const ldapEnv = Object.fromEntries(Object.entries(sandbox).filter(([key]) => key.startsWith('LDAP_')));
  const database = `interlock_bench_${process.pid}`;
  const databaseUrl = new URL(POSTGRES_URL);
  databaseUrl.pathname = `/${database}`;
  await withPostgres((client) => client.query(`CREATE DATABASE "${database}"`));
  const baseEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ACCESS_TOKEN_TTL: '3600',
    LOGIN_THROTTLE_MAX_PER_USERNAME: '1000',
    ...ldapEnv,
  };
  const postgresEnv = { ...baseEnv, DATABASE_URL: databaseUrl.toString() };
  const report = { machine: machine(), settings: { iterations: ITERATIONS, heavyIterations: HEAVY_ITERATIONS, warmup: WARMUP }, runs: [] };
  log(`machine: ${report.machine.cores} cores, ${report.machine.cpuModel}, commit ${report.machine.commit}`);

  try {
    // Main runs on PostgreSQL: concurrency 1, then 16 repeated to watch memory.
    const api = await startApi(postgresEnv, 'PostgreSQL');
    const c1 = await runClient(clientConfig(api, postgresEnv, sandbox, SELECTED, 1, true));
    report.runs.push(c1);
    const rssAfterRounds = [];
    let c16;
    for (let round = 1; round <= MEMORY_ROUNDS; round += 1) {
      const result = await runClient(clientConfig(api, postgresEnv, sandbox, SELECTED, 16, round === 1));
      if (round === 1) {
        c16 = result;
        report.runs.push(c16);
      }

      rssAfterRounds.push(Number(api.memory().rssMb.toFixed(1)));
      log(`RSS after c=16 round ${round}: ${rssAfterRounds[rssAfterRounds.length - 1]} MB`);
    }

    const memory = api.memory();
    report.memory = {
      postgres: { peakMb: Number(Math.max(memory.hwmMb, memory.sampledPeakMb).toFixed(1)), rssAfterRounds },
    };
    await api.stop();

    // Growth check: the same API with the search base on 1,000 and on 10,000 users.
    const growthScenarios = GROWTH_SCENARIOS.filter((name) => SELECTED.includes(name));
    const growthRuns = {};
    for (const [label, base] of growthScenarios.length === 0 ? [] : [['1k', SMALL_BASE], ['10k', LARGE_BASE]]) {
      const env = { ...postgresEnv, LDAP_AUTH_SEARCH_BASE: base };
      const scoped = await startApi(env, `PostgreSQL, base ${label}`);
      growthRuns[label] = await runClient(clientConfig(scoped, env, sandbox, growthScenarios, 1, true));
      await scoped.stop();
    }

    report.growth = {};
    for (const name of growthScenarios) {
      const small = growthRuns['1k'].results[name];
      const large = growthRuns['10k'].results[name];
      report.growth[name] = {
        api1kP50: small.api.p50,
        api10kP50: large.api.p50,
        apiRatio: ratio(large.api.p50, small.api.p50),
        floor1kP50: small.floor.p50,
        floor10kP50: large.floor.p50,
        floorRatio: ratio(large.floor.p50, small.floor.p50),
      };
    }

    // PGlite: the concurrency-16 set once, for its memory figure.
    const pgliteApi = await startApi(baseEnv, 'PGlite');
    report.pglite = await runClient(clientConfig(pgliteApi, baseEnv, sandbox, SELECTED, 16, false));
    const pgliteMemory = pgliteApi.memory();
    report.memory.pglite = { peakMb: Number(Math.max(pgliteMemory.hwmMb, pgliteMemory.sampledPeakMb).toFixed(1)) };
    await pgliteApi.stop();

    if (PROFILE_SCENARIO !== undefined) {
      mkdirSync(RESULTS, { recursive: true });
      const profiled = await startApi(postgresEnv, `PostgreSQL, --cpu-prof during ${PROFILE_SCENARIO}`, ['--cpu-prof', `--cpu-prof-dir=${RESULTS}`]);
      await runClient(clientConfig(profiled, postgresEnv, sandbox, [PROFILE_SCENARIO], PROFILE_CONCURRENCY, false));
      await profiled.stop();
      log(`CPU profile written to ${RESULTS}: ${readdirSync(RESULTS).filter((name) => name.endsWith('.cpuprofile')).join(', ')}`);
    }

    report.targets = targets(c1, c16, report.memory.postgres, report.growth);
  } finally {
    await withPostgres((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  }

  mkdirSync(RESULTS, { recursive: true });
  const resultName = process.env.BENCH_SCENARIOS === undefined ? 'latest' : 'partial';
  writeFileSync(join(RESULTS, `${resultName}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = [
    `Machine: ${report.machine.cores} cores, ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}, ${report.machine.samba}, commit ${report.machine.commit.slice(0, 12)}${report.machine.srcModified ? ' (src/ modified)' : ''}.`,
    `Latencies in ms; ${ITERATIONS} requests per scenario (${HEAVY_ITERATIONS} for lists of thousands), ${WARMUP} warm-up rounds; LDAP pool and floor pool ${report.runs[0].poolSize} connections, page size ${report.runs[0].pageSize}.`,
    '',
    tableOf(report.runs),
    '',
    `Peak RSS of the API: ${report.memory.postgres.peakMb} MB with PostgreSQL (RSS after each c=16 round: ${report.memory.postgres.rssAfterRounds.join(', ')} MB), ${report.memory.pglite.peakMb} MB with PGlite.`,
    '',
    '| growth (c=1, p50 ms) | API 1,000 | API 10,000 | API ratio | floor 1,000 | floor 10,000 | floor ratio |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...Object.entries(report.growth).map(([name, g]) =>
      `| ${name} | ${fixed(g.api1kP50)} | ${fixed(g.api10kP50)} | ${fixed(g.apiRatio, 2)} | ${fixed(g.floor1kP50)} | ${fixed(g.floor10kP50)} | ${fixed(g.floorRatio, 2)} |`),
    '',
    '| target | value | met |',
    '| --- | --- | --- |',
    ...report.targets.map((check) => `| ${check.target} | ${fixed(check.value, 2)} | ${check.met === null ? 'not measured' : check.met ? 'yes' : 'no'} |`),
    '',
  ].join('\n');
  writeFileSync(join(RESULTS, `${resultName}.md`), markdown);
  process.stdout.write(`${markdown}\n`);
  log(`wrote ${join(RESULTS, resultName)}.json and ${resultName}.md`);
}

main().catch((error) => {
  log(`failed: ${error?.stack ?? error}`);
  process.exit(1);
});
