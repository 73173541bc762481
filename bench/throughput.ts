// Cached reads against the anchor, in one run: requests/s and latency at 50 connections (autocannon, in this
// process) of the gateway (compiled, its own process, on its built-in simulator) and of a bare yoga server
// answering `{ hello }` (its own process, started here).
//   npx tsx bench/throughput.ts [--runs 3] [--seconds 10] [--connections 50]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startChildGateway, stopChildGateways } from '../test/support/child-gateway.js';
import { intFlags, log, percentile, printTable } from './lib.js';

const flags = intFlags({ runs: 3, seconds: 10, connections: 50 });

const ASSET = `query One($id: String!) { asset(muxId: $id) { id muxId status title durationSeconds
  tracks { id muxId type status languageCode name textSource }
  captionJobs { id kind status progress languageCode } } }`;
const PAGE = `query Page { assets(first: 25) { edges { node { id muxId status title
  tracks { id muxId type status languageCode }
  captionJobs { id kind status progress } } } } }`;

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

async function load(target: Load): Promise<Measured> {
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

async function main(): Promise<void> {
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
      'bare yoga { hello } (anchor)': { url: anchor.url, body: JSON.stringify({ query: '{ hello }' }), headers: {} },
      'cached asset { tracks captionJobs }': {
        url: gateway.graphqlUrl,
        body: JSON.stringify({ query: ASSET, variables: { id: assetId } }),
        headers,
      },
      'warm assets(first: 25) { tracks captionJobs }': {
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
    for (let run = 1; run <= flags.runs; run += 1) {
      for (const [name, target] of Object.entries(targets)) {
        const measured = await load(target);
        perSecond.set(name, [...(perSecond.get(name) ?? []), measured.perSecond]);
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
    const anchorRate = percentile(perSecond.get('bare yoga { hello } (anchor)') ?? [], 50);
    for (const [name, rates] of perSecond) {
      const median = percentile(rates, 50);
      log(
        `${name}: median ${median.toFixed(0)} req/s (${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)}), ${(median / anchorRate).toFixed(2)}x the anchor`,
      );
    }
  } finally {
    await stopChildGateways();
    anchor.process.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
