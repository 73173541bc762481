// Cached reads against the anchor, in one run: requests/s and latency at 50 connections (autocannon, in this
// process) of the gateway (compiled, its own process, on its built-in simulator) and of a bare yoga server
// answering `{ hello }` (its own process, started here).
//   npx tsx bench/throughput.ts [--runs 3] [--seconds 10] [--connections 50]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { startChildGateway, stopChildGateways } from '../test/support/child-gateway.js';
import { intFlags, log, percentile, printTable } from './lib.js';

export interface ThroughputSettings {
  runs: number;
  seconds: number;
  connections: number;
}

export interface Throughput {
  anchor: number;
  asset: number;
  assetP99: number;
  page: number;
}

const ASSET = `query One($id: String!) { asset(muxId: $id) { id muxId status title durationSeconds
  tracks { id muxId type status languageCode name textSource }
  captionJobs { id kind status progress languageCode } } }`;
const PAGE = `query Page { assets(first: 25) { edges { node { id muxId status title
  tracks { id muxId type status languageCode }
  captionJobs { id kind status progress } } } } }`;

const ANCHOR = 'bare yoga { hello } (anchor)';
const ASSET_READ = 'cached asset { tracks captionJobs }';
const PAGE_READ = 'warm assets(first: 25) { tracks captionJobs }';

interface Load {
  url: string;
  body: string;
  headers: Record<string, string>;
}

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(target: Load, flags: ThroughputSettings): Promise<Measured> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    connections: flags.connections,
    duration: flags.seconds,
  });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function startAnchor(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/anchors/bare-yoga.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const url = /anchor (\S+)/.exec(chunk.toString())?.[1];
      if (url) resolve({ url, process: child });
    });
  });
}

/** Prints each run, and returns the medians: requests/s of the anchor and of the two reads, and the asset's p99. */
export async function measureThroughput(flags: ThroughputSettings): Promise<Throughput> {
  const folder = mkdtempSync(join(tmpdir(), 'caption-gateway-throughput-'));
  const anchor = await startAnchor();
  try {
    const gateway = await startChildGateway(
      { PORT: '0', SIM_API_PORT: '0', SIM_STREAM_PORT: '0', LOG_LEVEL: 'warn' },
      {
        cwd: folder,
        compiled: true,
      },
    );
    const headers = { authorization: `Bearer ${gateway.devKey}` };
    const page = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: PAGE }),
    });
    const assetId = ((await page.json()) as { data: { assets: { edges: { node: { muxId: string } }[] } } }).data.assets
      .edges[0]?.node.muxId;
    log(`gateway ${gateway.url} (asset ${assetId}), anchor ${anchor.url}`);
    const targets: Record<string, Load> = {
      [ANCHOR]: { url: anchor.url, body: JSON.stringify({ query: '{ hello }' }), headers: {} },
      [ASSET_READ]: {
        url: gateway.graphqlUrl,
        body: JSON.stringify({ query: ASSET, variables: { id: assetId } }),
        headers,
      },
      [PAGE_READ]: {
        url: gateway.graphqlUrl,
        body: JSON.stringify({ query: PAGE }),
        headers,
      },
    };
    // Warm-up: JIT, caches, the asset index.
    for (const target of Object.values(targets))
      await autocannon({
        ...target,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...target.headers },
        connections: 10,
        duration: 2,
      });
    const rows: Record<string, string | number>[] = [];
    const perSecond = new Map<string, number[]>();
    const p99s: number[] = [];
    for (let run = 1; run <= flags.runs; run += 1) {
      for (const [name, target] of Object.entries(targets)) {
        const measured = await load(target, flags);
        perSecond.set(name, [...(perSecond.get(name) ?? []), measured.perSecond]);
        if (name === ASSET_READ) p99s.push(measured.p99);
        rows.push({
          run,
          target: name,
          'req/s': measured.perSecond.toFixed(0),
          'p50 ms': measured.p50,
          'p99 ms': measured.p99,
          errors: measured.errors,
        });
      }
    }
    printTable(`${flags.connections} connections, ${flags.seconds} s each`, rows);
    const median = (name: string) => percentile(perSecond.get(name) ?? [], 50);
    for (const [name, rates] of perSecond) {
      const range = `${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)}`;
      log(`${name}: median ${median(name).toFixed(0)} req/s (${range})`);
    }
    return {
      anchor: median(ANCHOR),
      asset: median(ASSET_READ),
      assetP99: percentile(p99s, 50),
      page: median(PAGE_READ),
    };
  } finally {
    await stopChildGateways();
    anchor.process.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await measureThroughput(intFlags({ runs: 3, seconds: 10, connections: 50 }));
}
