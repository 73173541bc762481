// What a user would pick instead: Hive Gateway over GraphQL Mesh, composed from Mux's OpenAPI document, against
// the same simulator with 50 ms of Mux latency, asking the same question (an asset with its tracks).
//   npx tsx bench/hive.ts [--runs 3] [--seconds 10]
// Hive Gateway and its composer live in bench/anchors/hive, installed on first use (npm ci there), so the
// project's own install stays light. Each server runs as its own process; load comes from this one.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { startChildGateway, stopChildGateways } from '../test/support/child-gateway.js';
import { waitFor } from '../test/support/wait.js';
import { intFlags, log, percentile, printTable } from './lib.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HIVE = join(ROOT, 'bench/anchors/hive');
const TOKEN = { id: 'bench-token-id', secret: 'bench-token-secret-0123456789' };
const VIEWER = 'bench-viewer-key-0123456789abcdef';
const MUX_LATENCY_MS = '50';

export interface AgainstHive {
  ours: number;
  hiveDefaults: number;
  hiveCached: number;
  oursOneConnection: number;
  hiveOneConnection: number;
}

/** Spawns a long-running process and resolves with the first match of `ready` in its output. */
function startProcess(command: string, args: string[], env: Record<string, string>, cwd: string, ready: RegExp) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return {
    child,
    matched: new Promise<string>((resolve, reject) => {
      const look = (chunk: Buffer) => {
        output += chunk.toString();
        const match = ready.exec(output);
        if (match) resolve(match[1] ?? match[0]);
      };
      child.stdout?.on('data', look);
      child.stderr?.on('data', look);
      child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${output}`)));
    }),
  };
}

async function requestsPerSecond(
  url: string,
  body: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: seconds,
  });
  if (result.non2xx + result.errors > 0) log(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

export async function measureAgainstHive(flags: { runs: number; seconds: number }): Promise<AgainstHive> {
  if (!existsSync(join(HIVE, 'node_modules'))) {
    log('installing the Hive Gateway anchor (bench/anchors/hive)');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HIVE, stdio: 'inherit' });
  }
  const folder = mkdtempSync(join(tmpdir(), 'caption-gateway-hive-'));
  const processes: ChildProcess[] = [];
  let stopping = false;
  try {
    const simulator = startProcess(
      process.execPath,
      [join(ROOT, 'dist/sim/main.js')],
      {
        SIM_API_PORT: '0',
        SIM_STREAM_PORT: '0',
        SIM_TOKEN_ID: TOKEN.id,
        SIM_TOKEN_SECRET: TOKEN.secret,
        SIM_FAULT_LATENCY_MS: MUX_LATENCY_MS,
      },
      folder,
      /API\s+(http:\/\/\S+)/,
    );
    processes.push(simulator.child);
    const muxUrl = await simulator.matched;
    simulator.matched.catch(() => undefined);
    const basic = `Basic ${Buffer.from(`${TOKEN.id}:${TOKEN.secret}`).toString('base64')}`;
    const assetId = await waitFor(async () => {
      const listed = await fetch(`${muxUrl}/video/v1/assets`, { headers: { authorization: basic } });
      const { data } = (await listed.json()) as { data: { id: string; status: string }[] };
      return data.find((asset) => asset.status === 'ready')?.id;
    });

    const muxEnv = { MUX_BASE_URL: muxUrl, MUX_TOKEN_ID: TOKEN.id, MUX_TOKEN_SECRET: TOKEN.secret };
    const supergraph = join(folder, 'supergraph.graphql');
    execFileSync(join(HIVE, 'node_modules/.bin/mesh-compose'), ['-o', supergraph], {
      cwd: HIVE,
      env: { ...process.env, ...muxEnv, OPENAPI_DOCUMENT: join(ROOT, 'test/contract/mux-openapi.trimmed.json') },
      stdio: 'ignore',
    });
    const startHive = async (cache: 'on' | 'off') => {
      const port = cache === 'on' ? '4731' : '4730';
      const hive = startProcess(
        join(HIVE, 'node_modules/.bin/hive-gateway'),
        ['supergraph', supergraph, '--port', port],
        { RESPONSE_CACHE: cache },
        HIVE,
        /Serving|listening|started/i,
      );
      processes.push(hive.child);
      // Readiness is asked over HTTP below; its output is only for when it ends early.
      hive.matched.catch((error: unknown) => {
        if (!stopping) log(String(error));
      });
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitFor(
        async () =>
          (
            await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{"query":"{__typename}"}',
            }).catch(() => undefined)
          )?.ok,
        { timeoutMs: 30_000 },
      );
      return url;
    };
    const hiveDefaults = await startHive('off');
    const hiveCached = await startHive('on');

    const gateway = await startChildGateway(
      {
        PORT: '0',
        DATABASE_PATH: join(folder, 'gateway.db'),
        ...muxEnv,
        API_KEYS: `bench:viewer:${VIEWER}`,
        LOG_LEVEL: 'warn',
      },
      { compiled: true },
    );
    const ours = {
      url: gateway.graphqlUrl,
      body: JSON.stringify({
        query: `query($id: String!) { asset(muxId: $id) { id muxId status durationSeconds
          tracks { muxId type status languageCode name textSource } } }`,
        variables: { id: assetId },
      }),
      headers: { authorization: `Bearer ${VIEWER}` },
    };
    const hiveBody = JSON.stringify({
      query: `query($id: String!) { get_asset(ASSET_ID: $id) { data { id status duration
        tracks { id type status language_code name text_source } } } }`,
      variables: { id: assetId },
    });
    log(`simulator ${muxUrl} (+${MUX_LATENCY_MS} ms a call), asset ${assetId}`);

    const targets = {
      'caption gateway': { ...ours, connections: 50 },
      'Hive Gateway, defaults': { url: hiveDefaults, body: hiveBody, headers: {}, connections: 50 },
      'Hive Gateway, response cache on': { url: hiveCached, body: hiveBody, headers: {}, connections: 50 },
      'caption gateway, 1 connection': { ...ours, connections: 1 },
      'Hive Gateway defaults, 1 connection': { url: hiveDefaults, body: hiveBody, headers: {}, connections: 1 },
    };
    for (const target of Object.values(targets))
      await requestsPerSecond(target.url, target.body, target.headers, 10, 2);
    const rates = new Map<string, number[]>();
    const rows: Record<string, string | number>[] = [];
    for (let run = 1; run <= flags.runs; run += 1) {
      for (const [name, target] of Object.entries(targets)) {
        const rate = await requestsPerSecond(
          target.url,
          target.body,
          target.headers,
          target.connections,
          flags.seconds,
        );
        rates.set(name, [...(rates.get(name) ?? []), rate]);
        rows.push({ run, server: name, connections: target.connections, 'req/s': rate.toFixed(0) });
      }
    }
    printTable(`the same question over the same simulator (+${MUX_LATENCY_MS} ms Mux latency)`, rows);
    const median = (name: keyof typeof targets) => percentile(rates.get(name) ?? [], 50);
    return {
      ours: median('caption gateway'),
      hiveDefaults: median('Hive Gateway, defaults'),
      hiveCached: median('Hive Gateway, response cache on'),
      oursOneConnection: median('caption gateway, 1 connection'),
      hiveOneConnection: median('Hive Gateway defaults, 1 connection'),
    };
  } finally {
    stopping = true;
    await stopChildGateways();
    for (const child of processes) child.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await measureAgainstHive(intFlags({ runs: 3, seconds: 10 }));
  log(JSON.stringify(result));
}
