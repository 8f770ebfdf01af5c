'use strict';
/**
 * Load generator of the benchmark, run by bench/harness.js as a process of its own. It sends
 * each scenario's HTTP requests to the API and does the same LDAP work directly with ldapts
 * (the floor), then prints one JSON line with the latencies of both.
 *
 * The floor builds its filters, attribute lists and TLS options with the API's own compiled
 * modules (dist/). It runs on as many already-bound service-account connections as the API's
 * pool has. The two then differ by what the API adds: HTTP, Nest, validation, mapping, JSON,
 * audit rows and the database.
 *
 * Usage: node bench/client.js CONFIG.json
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const { Attribute, Change } = require('ldapts');

const DIST = join(__dirname, '..', 'dist');
const { loadConfig } = require(join(DIST, 'config/load-config'));
const { openConnection, resolveEndpoint } = require(join(DIST, 'ldap/ldap-connection'));
const { compileFilter } = require(join(DIST, 'ldap/filter-compiler'));
const { and, eq, eqBytes, not, or } = require(join(DIST, 'ldap/syntax/filter-builder'));
const { decodeSid, domainSidOf, encodeSid, ridOf, sidWithRid } = require(join(DIST, 'ldap/codecs/sid'));
const { encodeGuid, decodeGuid } = require(join(DIST, 'ldap/codecs/guid'));
const { userFilter, userSearchFilter } = require(join(DIST, 'users/user-search'));
const { USER_FETCH_ATTRIBUTES, USER_LIST_ATTRIBUTES } = require(join(DIST, 'users/user.mapper'));
const { GROUP_FETCH_ATTRIBUTES, MEMBER_ATTRIBUTES } = require(join(DIST, 'groups/group.mapper'));
const { TREE_ATTRIBUTES } = require(join(DIST, 'directory-tree/directory-tree.mapper'));
const { compileDirtreeFilter } = require(join(DIST, 'directory-tree/dirtree-filter'));

const { BINARY_ATTRIBUTES } = require(join(DIST, 'ldap/ldap-gateway'));

/** DNs per OR filter, as in UsersService and GroupsService. */
const LOOKUP_BATCH = 100;
const GROUP_ATTRIBUTES = ['cn', 'objectSid', 'objectCategory', 'objectClass'];
const NODE_ATTRIBUTES = ['dnsRecord', 'dNSTombstoned', 'name'];

const options = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const appConfig = loadConfig(options.apiEnv);
const settings = appConfig.directory;
const { pageSize, poolSize, rangeStep } = appConfig.ldap;
const base = settings.searchBase;
const domainDn = options.domainDn;
const zoneDn = `DC=${options.zone},CN=MicrosoftDNS,DC=DomainDnsZones,${domainDn}`;

/** A fixed set of bound connections, handed out first come first served. */
class FloorPool {
  constructor(clients) {
    this.idle = clients;
    this.clients = [...clients];
    this.waiting = [];
  }

  static async open(size) {
    const endpoint = resolveEndpoint(settings.urls[0], settings);
    const clients = [];
    for (let index = 0; index < size; index += 1) {
      clients.push(await openConnection(endpoint, settings, settings.bindDn, settings.bindPassword));
    }

    return new FloorPool(clients);
  }

  async use(work) {
    const client =
      this.idle.pop() ?? (await new Promise((resolve) => this.waiting.push(resolve)));
    try {
      return await work(client);
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) {
        this.idle.push(client);
      } else {
        next(client);
      }
    }
  }

  async search(searchBase, scope, filter, attributes) {
    return this.use(async (client) => {
      const { searchEntries } = await client.search(searchBase, {
        scope,
        filter: compileFilter(filter),
        attributes,
        sizeLimit: 0,
        paged: scope === 'base' ? false : { pageSize },
        explicitBufferAttributes: BINARY_ATTRIBUTES,
      });

      return searchEntries;
    });
  }

  async read(dn, attributes) {
    const [entry] = await this.search(dn, 'base', '(objectClass=*)', attributes);

    return entry;
  }

  /** Reads every value of a ranged attribute, LDAP_RANGE_STEP values per request. */
  async readAllValues(dn, attribute) {
    const values = [];
    for (let low = 0; ; ) {
      const entry = await this.read(dn, [`${attribute};range=${low}-${low + rangeStep - 1}`]);
      const name = entry === undefined ? undefined : Object.keys(entry).find((key) => key !== 'dn');
      if (name === undefined) {
        return values;
      }

      const page = [entry[name]].flat();
      values.push(...page);
      const range = /;range=\d+-(\d+|\*)$/i.exec(name);
      if (range === null || range[1] === '*' || page.length === 0) {
        return values;
      }

      low = Number(range[1]) + 1;
    }
  }

  async modify(dn, changes) {
    return this.use((client) => client.modify(dn, changes));
  }

  async close() {
    await Promise.all(this.clients.map((client) => client.unbind().catch(() => undefined)));
  }
}

/** HTTP helper for one worker; each worker logs in once and keeps its own tokens. */
class ApiSession {
  constructor(url) {
    this.url = url;
  }

  /** Sends a request and returns its JSON body parsed. */
  async request(method, path, body, token = this.access) {
    const text = await this.read(method, path, body, token);

    return text.length === 0 ? {} : JSON.parse(text);
  }

  /**
   * Sends a request and reads its whole body as text without parsing it, so the latency of a read
   * ends with its last byte and leaves out the client's own JSON.parse.
   */
  async read(method, path, body, token = this.access) {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} returned ${response.status}: ${text.slice(0, 300)}`);
    }

    return text;
  }

  async login() {
    const tokens = await this.request('POST', '/api/token/', options.credentials, undefined);
    this.access = tokens.access;
    this.refresh = tokens.refresh;
  }
}

function userNameOf(index) {
  return `bench.u${String(index).padStart(5, '0')}`;
}

function accountAttributes() {
  const fields = settings.userFields;

  return [fields.username, fields.first_name, fields.last_name, fields.email,
    'userAccountControl', 'objectSid', 'objectGUID', 'accountExpires'];
}

function loginFilter(login) {
  return and(
    eq('objectClass', settings.userObjectClass),
    not(eq('objectClass', 'computer')),
    or(eq(settings.userFields.username, login), eq('userPrincipalName', login), eq('mail', login)),
  );
}

/** Runs the floor of UsersService.fetch: locate, read, resolve memberOf, find the primary group. */
async function floorUserFetch(pool, username) {
  const [match] = await pool.search(base, 'sub',
    userFilter(settings, eq(settings.userFields.username, username)), ['1.1']);
  const entry = await pool.read(match.dn, USER_FETCH_ATTRIBUTES);
  const memberOf = [entry.memberOf ?? []].flat();
  const groupSid = sidWithRid(domainSidOf(decodeSid(entry.objectSid)), Number(entry.primaryGroupID ?? 513));
  // UsersService.groupsOf runs the memberOf lookups and the primary group lookup at the same time.
  await Promise.all([
    (async () => {
      for (let index = 0; index < memberOf.length; index += LOOKUP_BATCH) {
        const batch = memberOf.slice(index, index + LOOKUP_BATCH);
        await pool.search(base, 'sub', or(...batch.map((dn) => eq('distinguishedName', dn))), GROUP_ATTRIBUTES);
      }
    })(),
    pool.search(base, 'sub', eqBytes('objectSid', encodeSid(groupSid)), GROUP_ATTRIBUTES),
  ]);

  return entry;
}

let zoneQueue = Promise.resolve();

/**
 * Runs `task` after every earlier task on the floor's zone has finished, as DnsRecordsService
 * holds a per-zone lock, so parallel swaps of the same SOA value do not collide.
 */
function inZoneLock(task) {
  const run = zoneQueue.then(task);
  zoneQueue = run.catch(() => undefined);

  return run;
}

/** SOA swap as DnsRecordsService does it: delete the old value and add the new one in one modify. */
async function floorBumpSerial(pool) {
  const at = await pool.read(`DC=@,${zoneDn}`, NODE_ATTRIBUTES);
  const records = [at.dnsRecord].flat();
  const soa = records.find((record) => record.readUInt16LE(2) === 6);
  const next = Buffer.from(soa);
  next.writeUInt32BE((next.readUInt32BE(24) + 1) >>> 0, 24);
  await pool.modify(`DC=@,${zoneDn}`, [
    new Change({ operation: 'delete', modification: new Attribute({ type: 'dnsRecord', values: [soa] }) }),
    new Change({ operation: 'add', modification: new Attribute({ type: 'dnsRecord', values: [next] }) }),
  ]);
}

/** Builds a dnsRecord value of type A (MS-DNSP 2.3.2.2). */
function aRecordValue(address) {
  const value = Buffer.alloc(28);
  value.writeUInt16LE(4, 0);
  value.writeUInt16LE(1, 2);
  value.writeUInt8(5, 4);
  value.writeUInt8(0xf0, 5);
  value.writeUInt32LE(1, 8);
  value.writeUInt32BE(3600, 12);
  Buffer.from(address.split('.').map(Number)).copy(value, 24);

  return value;
}

/**
 * Scenarios: `api` runs one request, `floor` the same LDAP work. `worker` is 0..concurrency-1
 * and `state` is per worker, created by `prepare`.
 */
const SCENARIOS = {
  login: {
    api: (session) =>
      session.request('POST', '/api/token/', options.credentials, undefined),
    // One service-account search plus one user bind on a new TLS connection.
    floor: async (pool) => {
      const login = options.credentials.username;
      await pool.search(base, 'sub', loginFilter(login), accountAttributes());
      const endpoint = resolveEndpoint(settings.urls[0], settings);
      const client = await openConnection(endpoint, settings, options.adminDn, options.credentials.password);
      await client.unbind();
    },
  },
  refresh: {
    api: async (session) => {
      const tokens = await session.request('POST', '/api/token/refresh/', { refresh: session.refresh }, undefined);
      session.refresh = tokens.refresh;
      session.access = tokens.access;
    },
    // Refresh reads the account again by objectGUID and its tokenGroups.
    floor: async (pool, worker, state) => {
      const entry = await pool.read(`<GUID=${state.guidHex}>`, accountAttributes());
      await pool.read(entry.dn, ['tokenGroups']);
    },
    prepareFloor: async (pool) => {
      const [entry] = await pool.search(base, 'sub', loginFilter(options.credentials.username), ['objectGUID']);

      return { guidHex: encodeGuid(decodeGuid(entry.objectGUID)).toString('hex') };
    },
  },
  users_list_all: {
    heavy: true,
    api: (session) => session.read('GET', '/api/users/'),
    floor: (pool) => pool.search(base, 'sub', userFilter(settings), USER_LIST_ATTRIBUTES),
  },
  users_search_page: {
    api: (session) => session.read('GET', `/api/users/?search=${options.searchTerm}&page_size=50`),
    floor: (pool) =>
      pool.search(base, 'sub', userFilter(settings, userSearchFilter(options.searchTerm)), USER_LIST_ATTRIBUTES),
  },
  user_fetch: {
    api: (session, worker, state, iteration) =>
      session.read('POST', '/api/users/fetch/', { username: userNameOf(100 + ((iteration * 37) % 9000)) }),
    floor: (pool, worker, state, iteration) => floorUserFetch(pool, userNameOf(100 + ((iteration * 37) % 9000))),
  },
  group_fetch_5000: {
    heavy: true,
    api: (session) => session.read('POST', '/api/groups/fetch/', { group: options.bigGroupDn }),
    floor: async (pool) => {
      const group = await pool.read(options.bigGroupDn, GROUP_FETCH_ATTRIBUTES);
      const members = await pool.readAllValues(options.bigGroupDn, 'member');
      for (let index = 0; index < members.length; index += LOOKUP_BATCH) {
        const batch = members.slice(index, index + LOOKUP_BATCH);
        await pool.search(base, 'sub', or(...batch.map((dn) => eq('distinguishedName', dn))), MEMBER_ATTRIBUTES);
      }

      await pool.search(base, 'sub', eq('primaryGroupID', String(ridOf(decodeSid(group.objectSid)))), MEMBER_ATTRIBUTES);
    },
  },
  dirtree: {
    heavy: true,
    api: (session) => session.read('POST', '/api/ou/dirtree/', {}),
    // The containers and the objects, read in parallel as DirectoryTreeService does.
    floor: async (pool) => {
      const compiled = compileDirtreeFilter(undefined);
      await Promise.all([
        pool.search(base, 'sub', compiled.containers, TREE_ATTRIBUTES),
        pool.search(base, 'sub', compiled.objects, TREE_ATTRIBUTES),
      ]);
    },
  },
  zone_listing: {
    heavy: true,
    api: (session) => session.read('POST', '/api/domain/zones/', { filter: { dnsZone: options.zone } }),
    floor: async (pool) => {
      await Promise.all(
        ['DomainDnsZones', 'ForestDnsZones'].map((partition) =>
          pool.search(`CN=MicrosoftDNS,DC=${partition},${domainDn}`, 'one', eq('objectClass', 'dnsZone'), ['dc', 'name'])),
      );
      await pool.search(zoneDn, 'one', eq('objectClass', 'dnsNode'), NODE_ATTRIBUTES);
    },
  },
  record_insert_delete: {
    // Removes the nodes of an earlier run that stopped between insert and delete. The cached
    // bench DC keeps them, so every later insert of the same value would be a 409.
    cleanup: async (pool) => {
      for (let worker = 0; worker < 64; worker += 1) {
        for (const prefix of ['bench', 'floor']) {
          await pool.use((client) => client.del(`DC=${prefix}-w${worker},${zoneDn}`)).catch(() => undefined);
        }
      }
    },
    api: async (session, worker, state, iteration) => {
      const record = { name: `bench-w${worker}`, type: 1, zone: options.zone, ttl: 3600,
        address: `10.200.${worker}.${iteration % 250}` };
      const inserted = await session.request('POST', '/api/record/insert/', { record });
      await session.request('POST', '/api/record/delete/', { record: { ...inserted.data, zone: options.zone } });
    },
    // Read the node, add it with its value and swap the SOA; then read it, delete it and swap the
    // SOA again. Each half holds the zone lock, as each API request does.
    floor: async (pool, worker, state, iteration) => {
      const dn = `DC=floor-w${worker},${zoneDn}`;
      const value = aRecordValue(`10.201.${worker}.${iteration % 250}`);
      await inZoneLock(async () => {
        await pool.read(dn, NODE_ATTRIBUTES).catch(() => undefined);
        await pool.use((client) => client.add(dn, [
          new Attribute({ type: 'objectClass', values: ['top', 'dnsNode'] }),
          new Attribute({ type: 'dnsRecord', values: [value] }),
        ]));
        await floorBumpSerial(pool);
      });
      await inZoneLock(async () => {
        await pool.read(dn, NODE_ATTRIBUTES);
        await pool.use((client) => client.del(dn));
        await floorBumpSerial(pool);
      });
    },
  },
  user_update: {
    api: (session, worker, state, iteration) =>
      session.request('PUT', '/api/users/update/', {
        user: { username: userNameOf(9000 + worker), telephoneNumber: `+47 22 00 ${String(iteration % 100).padStart(2, '0')} ${worker}` },
      }),
    // Find and read the user, then one modify.
    floor: async (pool, worker, state, iteration) => {
      const entry = await floorUserFetch(pool, userNameOf(9000 + worker));
      await pool.modify(entry.dn, [new Change({ operation: 'replace',
        modification: new Attribute({ type: 'telephoneNumber', values: [`+47 23 00 ${String(iteration % 100).padStart(2, '0')} ${worker}`] }) })]);
    },
  },
};

function percentile(sorted, fraction) {
  if (sorted.length === 0) {
    return null;
  }

  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);

  return sorted[Math.max(0, index)];
}

function summarize(latencies, wallMs, errors) {
  const sorted = [...latencies].sort((a, b) => a - b);

  return {
    count: sorted.length,
    errors,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
    throughput: sorted.length / (wallMs / 1000),
  };
}

/** Runs `total` calls of `step` on `concurrency` workers and returns the latency summary. */
async function drive(step, states, concurrency, warmup, total, warmupConcurrency) {
  // Warm-up failures are not counted; the measured run reports its own.
  for (let index = 0; index < warmup; index += 1) {
    await Promise.all(
      states.slice(0, warmupConcurrency).map((state, worker) => step(worker, state, index).catch(() => undefined)),
    );
  }

  const latencies = [];
  let errors = 0;
  let firstError;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let iteration = next++; iteration < total; iteration = next++) {
        const begin = performance.now();
        try {
          await step(worker, states[worker], iteration);
          latencies.push(performance.now() - begin);
        } catch (error) {
          errors += 1;
          firstError ??= String(error?.message ?? error);
        }
      }
    }),
  );
  const summary = summarize(latencies, performance.now() - started, errors);
  if (firstError !== undefined) {
    summary.firstError = firstError;
  }

  return summary;
}

async function main() {
  const concurrency = options.concurrency;
  const sessions = Array.from({ length: concurrency }, () => new ApiSession(options.apiUrl));
  for (const session of sessions) {
    await session.login();
  }

  const pool = options.floor ? await FloorPool.open(poolSize) : undefined;
  const results = {};
  for (const name of options.scenarios) {
    const scenario = SCENARIOS[name];
    // Lists of thousands take seconds each, so they get fewer requests and a single warm-up
    // request, on one worker.
    const total = scenario.heavy
      ? Math.max(options.heavyIterations, concurrency)
      : Math.max(options.iterations, concurrency * 2);
    const warmup = scenario.heavy ? 1 : options.warmup;
    const result = {};
    const warmupConcurrency = scenario.heavy ? 1 : concurrency;
    if (scenario.cleanup !== undefined) {
      const cleanupPool = pool ?? (await FloorPool.open(1));
      await scenario.cleanup(cleanupPool);
      if (pool === undefined) {
        await cleanupPool.close();
      }
    }

    result.api = await drive(
      (worker, state, iteration) => scenario.api(sessions[worker], worker, state, iteration),
      sessions, concurrency, warmup, total, warmupConcurrency,
    );
    if (pool !== undefined) {
      const state = scenario.prepareFloor === undefined ? {} : await scenario.prepareFloor(pool);
      const states = Array.from({ length: concurrency }, () => state);
      result.floor = await drive(
        (worker, workerState, iteration) => scenario.floor(pool, worker, workerState, iteration),
        states, concurrency, warmup, total, warmupConcurrency,
      );
    }

    results[name] = result;
    process.stderr.write(`client: ${name} c=${concurrency} api p50 ${result.api.p50?.toFixed(1)} ms` +
      (result.floor ? `, floor p50 ${result.floor.p50?.toFixed(1)} ms` : '') + '\n');
  }

  await pool?.close();
  process.stdout.write(`${JSON.stringify({ concurrency, poolSize, pageSize, results })}\n`);
}

main().catch((error) => {
  process.stderr.write(`client: ${error?.stack ?? error}\n`);
  process.exit(1);
});
