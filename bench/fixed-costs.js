'use strict';
/**
 * Measures the fixed cost of a request at each layer, one request at a time: a bare Node.js
 * HTTP server, GET /healthz, GET /api/users/me/ and POST /api/users/fetch/ of a running API.
 * The differences between the rows are what each layer adds (docs/benchmarks.md, user_fetch).
 *
 * Usage: node bench/fixed-costs.js API_URL USERNAME PASSWORD [FETCHED_USERNAME]
 * Example, against `npm start`: node bench/fixed-costs.js http://127.0.0.1:8000 demo.admin 'Sandb0x-Passw0rd!'
 */
const { createServer } = require('node:http');
const { performance } = require('node:perf_hooks');

const WARMUP = 50;
const REQUESTS = 400;

async function p50(send) {
  for (let index = 0; index < WARMUP; index += 1) {
    await (await send()).text();
  }

  const latencies = [];
  for (let index = 0; index < REQUESTS; index += 1) {
    const started = performance.now();
    const response = await send();
    await response.text();
    if (!response.ok) {
      throw new Error(`a measured request failed with HTTP status ${response.status}`);
    }

    latencies.push(performance.now() - started);
  }

  latencies.sort((left, right) => left - right);

  return latencies[Math.floor(REQUESTS / 2)];
}

async function bareServerP50() {
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end('{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await p50(() => fetch(`http://127.0.0.1:${server.address().port}/`));
  } finally {
    server.close();
  }
}

async function main() {
  const [url, username, password, fetched = username] = process.argv.slice(2);
  if (password === undefined) {
    process.stderr.write('usage: node bench/fixed-costs.js API_URL USERNAME PASSWORD [FETCHED_USERNAME]\n');
    process.exit(2);
  }

  const login = await fetch(`${url}/api/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) {
    throw new Error(`login as ${username} failed with HTTP status ${login.status}; check the credentials`);
  }

  const headers = { authorization: `Bearer ${(await login.json()).access}`, 'content-type': 'application/json' };
  const rows = [
    ['bare Node.js HTTP server', await bareServerP50()],
    ['GET /healthz', await p50(() => fetch(`${url}/healthz`))],
    ['GET /api/users/me/', await p50(() => fetch(`${url}/api/users/me/`, { headers }))],
    [
      'POST /api/users/fetch/',
      await p50(() =>
        fetch(`${url}/api/users/fetch/`, { method: 'POST', headers, body: JSON.stringify({ username: fetched }) })),
    ],
  ];
  for (const [name, value] of rows) {
    process.stdout.write(`${name.padEnd(26)} p50 ${value.toFixed(2)} ms\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`fixed-costs: ${error?.message ?? error}\n`);
  process.exit(1);
});
