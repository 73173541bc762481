// Soak: mixed hostile traffic against the gateway run as its own process, on its built-in simulator.
//   npx tsx bench/soak.ts [--seconds 180]
// For the whole run, concurrently: valid reads (asset pages, node lookups), over-limit queries (depth, aliases,
// tokens, more than 100 ids, cost), requests with malformed variables (generated from the schema as in
// test/integration/fuzz-input.test.ts), lookups of many unknown ids, forged webhooks, validly signed malformed
// webhooks, and Mux faults switched on and off over the simulator's /_sim/faults (latency beyond the read wait
// and beyond the Mux timeout, 429 with Retry-After, 5xx). A probe asks /healthz every 250 ms. The child logs at
// debug, so each GraphQL request leaves a line with its Mux calls. Bodies over the size limits go over the same
// keep-alive connections as the rest. Exits non-zero when any request was answered with INTERNAL_SERVER_ERROR
// or a 5xx, or got no answer, when a forged webhook was accepted, or when the gateway process died.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeGlobalID } from '@pothos/plugin-relay';
import fc from 'fast-check';
import type { GraphQLObjectType } from 'graphql';
import type { Role } from '../src/auth/api-keys.js';
import { schema } from '../src/schema/index.js';
import { type ChildGateway, startChildGateway } from '../test/support/child-gateway.js';
import { type FuzzCase, fuzzCases, type KnownIds } from '../test/support/malformed-inputs.js';
import { API_KEYS, authorization } from '../test/support/stack.js';
import { envelope, muxSignature } from '../test/support/webhooks.js';
import { intFlags, log, ms, percentile, printTable } from './lib.js';

const flags = intFlags({ seconds: 180 });
const PROBE_INTERVAL_MS = 250;
/** A request still unanswered after this is counted as not answered at all. */
const REQUEST_TIMEOUT_MS = 30_000;
const OVERSIZED_PAUSE_MS = 250;
const FAULT_ON_MS = 8_000;
const FAULT_OFF_MS = 7_000;
const ROLES: Role[] = ['viewer', 'editor', 'admin'];
const WEBHOOK_SECRET = randomBytes(24).toString('hex');

const KINDS = [
  'valid reads',
  'over-limit queries',
  'malformed variables',
  'unknown ids',
  'forged webhooks',
  'signed malformed webhooks',
  'oversized bodies',
] as const;
type Kind = (typeof KINDS)[number];

interface Tally {
  sent: number;
  '2xx': number;
  '4xx': number;
  '5xx': number;
  internal: number;
  /** Oversized bodies the gateway answered 413 and closed the connection on while they were still being sent. */
  closed: number;
  noAnswer: number;
  latencies: number[];
  codes: Set<string>;
}

const newTally = (): Tally => ({
  sent: 0,
  '2xx': 0,
  '4xx': 0,
  '5xx': 0,
  internal: 0,
  closed: 0,
  noAnswer: 0,
  latencies: [],
  codes: new Set(),
});
const tallies = Object.fromEntries(KINDS.map((kind) => [kind, newTally()])) as Record<Kind, Tally>;
/** The first few requests that went wrong in each way, to show what to replay. */
const incidents = new Map<string, string[]>();
let forgedAccepted = 0;

/** Long requests keep their start (the operation) and their end (the variables, where the trouble usually is). */
function excerpt(text: string): string {
  return text.length > 800 ? `${text.slice(0, 300)} … ${text.slice(-500)}` : text;
}

function incident(kind: Kind, what: string, answer: string, sent: string): void {
  const seen = incidents.get(what) ?? [];
  if (seen.length < 3) seen.push(`${kind}: ${answer}\n    request: ${excerpt(sent)}`);
  incidents.set(what, seen);
}

/** Sends one request of `kind`, tallies its answer, and returns its status (0 when none came). */
async function send(kind: Kind, url: string, init: RequestInit, describe: string): Promise<number> {
  const tally = tallies[kind];
  tally.sent += 1;
  const start = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    tally.latencies.push(performance.now() - start);
    const bucket = response.status >= 500 ? '5xx' : response.status >= 400 ? '4xx' : '2xx';
    tally[bucket] += 1;
    if (bucket === '5xx') incident(kind, '5xx', `HTTP ${response.status}: ${text.slice(0, 300)}`, describe);
    const codes = errorCodes(text);
    for (const code of codes) tally.codes.add(code);
    if (codes.includes('INTERNAL_SERVER_ERROR')) {
      tally.internal += 1;
      incident(kind, 'INTERNAL_SERVER_ERROR', text.slice(0, 300), describe);
    }
    return response.status;
  } catch (error) {
    const code = error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined;
    // The gateway stops reading a body over the limit: a client still sending it sees the connection close.
    if (kind === 'oversized bodies' && (code === 'EPIPE' || code === 'ECONNRESET')) {
      tally.closed += 1;
      return 0;
    }
    tally.noAnswer += 1;
    incident(kind, 'no answer', reasonOf(error), describe);
    return 0;
  }
}

/** fetch's own message is "fetch failed"; what went wrong on the socket is in its cause. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error ? `: ${error.cause.message} (${(error.cause as { code?: string }).code})` : '';
  return `${error.message}${cause}`;
}

function errorCodes(text: string): string[] {
  try {
    const { errors } = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
    return (errors ?? []).map((error) => String(error.extensions?.code ?? 'no code'));
  } catch {
    return [];
  }
}

function graphqlInit(role: Role, body: string): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...authorization(role) }, body };
}

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T;
const randomRole = () => pick(ROLES, Math.floor(Math.random() * ROLES.length));
const unknownAssetIds = (count: number) =>
  Array.from({ length: count }, () => encodeGlobalID('Asset', `soak${randomBytes(12).toString('hex')}`));

async function graphql(
  kind: Kind,
  gateway: ChildGateway,
  query: string,
  variables: Record<string, unknown> = {},
  role = randomRole(),
): Promise<number> {
  const body = JSON.stringify({ query, variables });
  return send(kind, gateway.graphqlUrl, graphqlInit(role, body), body);
}

const ASSETS_PAGE = `{ assets(first: 25) { edges { node { id muxId status title
  tracks { id muxId status languageCode } captionJobs { id kind status } } } pageInfo { hasNextPage endCursor } } }`;

interface Page {
  data?: {
    assets: {
      edges: { node: { id: string; muxId: string; tracks: { id: string; muxId: string; status: string }[] } }[];
    };
  };
}

/** Waits until the seeded demo assets have ready tracks, and returns ids of every kind found. */
async function warmUp(gateway: ChildGateway): Promise<KnownIds> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(gateway.graphqlUrl, graphqlInit('viewer', JSON.stringify({ query: ASSETS_PAGE })));
    const page = (await response.json()) as Page;
    const assets = page.data?.assets.edges.map((edge) => edge.node) ?? [];
    const tracks = assets.flatMap((asset) => asset.tracks).filter((track) => track.status === 'READY');
    if (tracks.length > 0) {
      return {
        globalIds: [...assets.map((asset) => asset.id), ...tracks.map((track) => track.id)],
        plainIds: [...assets.map((asset) => asset.muxId), ...tracks.map((track) => track.muxId)],
      };
    }
    if (Date.now() > deadline) throw new Error(`the demo assets did not get ready tracks: ${JSON.stringify(page)}`);
    await sleep(500);
  }
}

function validReads(gateway: ChildGateway, known: KnownIds) {
  return (iteration: number) => {
    const id = pick(known.globalIds, iteration);
    switch (iteration % 4) {
      case 0:
        return graphql('valid reads', gateway, ASSETS_PAGE);
      case 1:
        return graphql('valid reads', gateway, 'query($id: ID!) { node(id: $id) { __typename id } }', { id });
      case 2:
        return graphql('valid reads', gateway, 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', {
          ids: known.globalIds.slice(0, 100),
        });
      default:
        return graphql('valid reads', gateway, 'query($id: String!) { asset(muxId: $id) { id tracks { id } } }', {
          id: pick(known.plainIds, iteration),
        });
    }
  };
}

const nested = (levels: number) =>
  `{ assets(first: 1) { edges { node { ${'captionJobs { asset { '.repeat(levels)}id${' } }'.repeat(levels)} } } } }`;

/** Operations over one bound each: depth, aliases, tokens, parser nesting, ids, cost. */
const OVER_LIMIT: { name: string; query: string; variables?: () => Record<string, unknown> }[] = [
  { name: 'depth', query: nested(7) },
  { name: 'aliases', query: `{ ${Array.from({ length: 25 }, (_, index) => `a${index}: version`).join(' ')} }` },
  { name: 'tokens', query: `{ ${'version '.repeat(2_100)} }` },
  { name: 'nesting 5,000 deep', query: `{ ${'a { '.repeat(5_000)}b${' }'.repeat(5_000)} }` },
  {
    name: '101 ids',
    query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    variables: () => ({ ids: unknownAssetIds(101) }),
  },
  {
    name: '5,000 ids',
    query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    variables: () => ({ ids: unknownAssetIds(5_000) }),
  },
  {
    name: 'cost',
    query:
      '{ assets(first: 100) { edges { node { captionJobs { asset { tracks { id muxId name } } } ' +
      'tracks { id muxId name asset { id } } } } } }',
  },
];

/** Each over-limit operation must be refused before the run, or the run would measure something else. */
async function checkRefused(gateway: ChildGateway): Promise<void> {
  for (const each of OVER_LIMIT) {
    const body = JSON.stringify({ query: each.query, variables: each.variables?.() ?? {} });
    const response = await fetch(gateway.graphqlUrl, graphqlInit('admin', body));
    const codes = errorCodes(await response.text());
    if (!codes.includes('LIMIT_EXCEEDED') && !codes.includes('BAD_USER_INPUT')) {
      throw new Error(`the over-limit operation "${each.name}" was not refused (codes: ${codes.join(', ') || 'none'})`);
    }
  }
}

function overLimit(gateway: ChildGateway) {
  return (iteration: number) => {
    const each = pick(OVER_LIMIT, iteration);
    return graphql('over-limit queries', gateway, each.query, each.variables?.());
  };
}

function malformedVariables(gateway: ChildGateway, known: KnownIds) {
  const roots: ['query' | 'mutation', GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  const arbitraries = roots.flatMap(([operation, type]) =>
    Object.values(type?.getFields() ?? {})
      .filter((field) => field.args.length > 0)
      .map((field) => fuzzCases(known, operation, field, 'variables', ROLES)),
  );
  return (iteration: number) => {
    // Seeded by the iteration, so a run's cases can be generated again.
    const [fuzzCase] = fc.sample(pick(arbitraries, iteration), { numRuns: 1, seed: iteration }) as [FuzzCase];
    const body = `{"query":${JSON.stringify(fuzzCase.query)},"variables":${fuzzCase.variables}}`;
    return send('malformed variables', gateway.graphqlUrl, graphqlInit(fuzzCase.role, body), body);
  };
}

function unknownIds(gateway: ChildGateway) {
  // The same ids again and again, as well as new ones: Mux's "no such asset" should be remembered.
  const repeated = unknownAssetIds(100);
  return (iteration: number) => {
    const muxId = `soak${randomBytes(12).toString('hex')}`;
    switch (iteration % 5) {
      case 0:
        return graphql('unknown ids', gateway, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
          ids: unknownAssetIds(100),
        });
      case 1:
        return graphql('unknown ids', gateway, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: repeated });
      case 2:
        return graphql('unknown ids', gateway, 'query($id: String!) { asset(muxId: $id) { id } }', { id: muxId });
      case 3:
        return graphql('unknown ids', gateway, 'query($id: ID!) { upload(id: $id) { id } }', { id: muxId });
      default:
        return graphql('unknown ids', gateway, 'query($id: ID!) { captionJob(id: $id) { id } }', { id: muxId });
    }
  };
}

function postWebhook(kind: Kind, gateway: ChildGateway, body: string, signature: string | undefined) {
  return send(
    kind,
    `${gateway.url}/webhooks/mux`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === undefined ? {} : { 'mux-signature': signature }),
      },
      body,
    },
    `mux-signature: ${signature} body: ${body}`,
  );
}

const readyEvent = () =>
  JSON.stringify(envelope('video.asset.ready', { id: `soak${randomUUID()}`, status: 'ready', tracks: [] }));
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signatures Mux would never send: wrong key, none, too old, from the future, not a number, another body. */
const FORGERIES: ((body: string) => string | undefined)[] = [
  () => `t=${nowSeconds()},v1=${randomBytes(32).toString('hex')}`,
  () => undefined,
  (body) => muxSignature(body, WEBHOOK_SECRET, nowSeconds() - 3_600),
  (body) => muxSignature(body, WEBHOOK_SECRET, nowSeconds() + 3_600),
  (body) => muxSignature(body, WEBHOOK_SECRET).replace(/^t=\d+/, 't=soon'),
  () => muxSignature(readyEvent(), WEBHOOK_SECRET),
  (body) => muxSignature(body, randomBytes(24).toString('hex')),
];

function forgedWebhooks(gateway: ChildGateway) {
  return async (iteration: number) => {
    const body = readyEvent();
    const status = await postWebhook('forged webhooks', gateway, body, pick(FORGERIES, iteration)(body));
    if (status >= 200 && status < 300) {
      forgedAccepted += 1;
      incident('forged webhooks', 'forged webhook accepted', `HTTP ${status}`, body);
    }
  };
}

/** Bodies Mux signs but the gateway cannot use: wrong shapes, unknown values, no JSON at all. */
const MALFORMED_BODIES: (() => string)[] = [
  () => JSON.stringify(envelope('video.asset.ready', { id: `soak${randomUUID()}`, tracks: 'not a list' })),
  () => JSON.stringify({ ...envelope('video.asset.ready', { id: 'x' }), data: null }),
  () => JSON.stringify({ ...envelope('video.asset.ready', { id: 'x' }), type: undefined }),
  () => JSON.stringify(envelope('video.asset.exploded', { id: `soak${randomUUID()}` })),
  () => JSON.stringify(envelope('video.asset.ready', { id: `soak${randomUUID()}`, status: 'melting', tracks: [{}] })),
  () => JSON.stringify(envelope('video.asset.track.ready', { id: '\uD800', asset_id: 42, status: ['ready'] })),
  () => JSON.stringify(envelope('video.asset.ready', { id: `soak${randomUUID()}`, duration: 'long', meta: 7 })),
  () => '{"type": "video.asset.ready", "data": ',
  () => '[]',
];

function signedMalformedWebhooks(gateway: ChildGateway) {
  return (iteration: number) => {
    const body = pick(MALFORMED_BODIES, iteration)();
    return postWebhook('signed malformed webhooks', gateway, body, muxSignature(body, WEBHOOK_SECRET));
  };
}

/**
 * Bodies over the limits (1 MB for webhooks, REQUEST_MAX_BODY_BYTES for GraphQL), sent over the same pool of
 * keep-alive connections as everything else, a few a second.
 */
function oversizedBodies(gateway: ChildGateway) {
  const webhook = () =>
    JSON.stringify(envelope('video.asset.ready', { id: `soak${randomUUID()}`, padding: 'x'.repeat(1_100_000) }));
  const query = JSON.stringify({ query: `{ version }`, variables: { padding: 'x'.repeat(9 * 1024 * 1024) } });
  return async (iteration: number) => {
    if (iteration % 2 === 0) {
      const body = webhook();
      await postWebhook('oversized bodies', gateway, body, muxSignature(body, WEBHOOK_SECRET));
    } else {
      await send('oversized bodies', gateway.graphqlUrl, graphqlInit(randomRole(), query), '9 MB of variables');
    }
    await sleep(OVERSIZED_PAUSE_MS);
  };
}

/** What the fault loop switches on, one after another, each for FAULT_ON_MS with FAULT_OFF_MS between. */
const FAULT_PHASES: { name: string; patch: Record<string, unknown> }[] = [
  { name: 'latency 3 s (beyond the read wait)', patch: { latency: { ms: 3_000 } } },
  { name: '429 with Retry-After: 30', patch: { rateLimit: { count: 1_000_000, retryAfterSeconds: 30 } } },
  { name: '503', patch: { serverError: { count: 1_000_000, status: 503 } } },
  { name: 'latency 12 s (beyond the Mux timeout)', patch: { latency: { ms: 12_000 } } },
  { name: '500', patch: { serverError: { count: 1_000_000, status: 500 } } },
];

async function switchFaults(simulatorUrl: string, method: 'PUT' | 'DELETE', patch?: unknown): Promise<void> {
  const response = await fetch(`${simulatorUrl}/_sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(patch ? { body: JSON.stringify(patch) } : {}),
  });
  if (!response.ok) throw new Error(`the simulator refused ${method} /_sim/faults: ${await response.text()}`);
}

async function cycleFaults(simulatorUrl: string, deadline: number): Promise<string[]> {
  const switched: string[] = [];
  for (let phase = 0; performance.now() < deadline; phase += 1) {
    await sleep(Math.min(FAULT_OFF_MS, Math.max(0, deadline - performance.now())));
    if (performance.now() >= deadline) break;
    const each = pick(FAULT_PHASES, phase);
    await switchFaults(simulatorUrl, 'PUT', each.patch);
    switched.push(each.name);
    await sleep(Math.min(FAULT_ON_MS, Math.max(0, deadline - performance.now())));
    await switchFaults(simulatorUrl, 'DELETE');
  }
  return switched;
}

async function probeHealth(gateway: ChildGateway, deadline: number): Promise<{ ms: number[]; failed: number }> {
  const times: number[] = [];
  let failed = 0;
  while (performance.now() < deadline) {
    const start = performance.now();
    try {
      const response = await fetch(`${gateway.url}/healthz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.text();
      if (response.ok) times.push(performance.now() - start);
      else failed += 1;
    } catch {
      failed += 1;
    }
    await sleep(Math.max(0, PROBE_INTERVAL_MS - (performance.now() - start)));
  }
  return { ms: times, failed };
}

async function repeat(deadline: number, work: (iteration: number) => Promise<unknown>): Promise<void> {
  for (let iteration = 0; performance.now() < deadline; iteration += 1) await work(iteration);
}

function rssMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? Number.NaN) / 1024;
}

/** The child's log lines (stderr): the most Mux calls one GraphQL request caused, and the lines logged at `error`. */
function readLog(output: string): { maxMuxCalls: number; requests: number; errorLines: string[] } {
  let maxMuxCalls = 0;
  let requests = 0;
  const errorLines: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    if (line.includes('"level":"error"')) errorLines.push(line);
    if (!line.includes('"message":"graphql request"')) continue;
    requests += 1;
    maxMuxCalls = Math.max(maxMuxCalls, Number((JSON.parse(line) as { muxCalls?: unknown }).muxCalls ?? 0));
  }
  return { maxMuxCalls, requests, errorLines };
}

/** Runs the gateway in `directory`: on the simulator its database is ./data/simulator under the working folder. */
async function soak(directory: string): Promise<void> {
  const gateway = await startChildGateway(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      API_KEYS: Object.entries(API_KEYS)
        .map(([role, key]) => `soak-${role}:${role}:${key}`)
        .join(','),
      SIM_API_PORT: '0',
      SIM_STREAM_PORT: '0',
      SIM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
    { cwd: directory },
  );
  try {
    const simulatorUrl = /built-in simulator: API (http:\/\/[^\s,]+)/.exec(gateway.output())?.[1];
    if (!simulatorUrl) throw new Error(`no simulator URL in the gateway's banner:\n${gateway.output()}`);
    const pid = gateway.child.pid ?? 0;
    const known = await warmUp(gateway);
    await checkRefused(gateway);
    const rssStart = rssMegabytes(pid);
    log(`gateway pid ${pid} at ${gateway.url}, simulator at ${simulatorUrl}; ${flags.seconds} s of hostile traffic`);

    const deadline = performance.now() + flags.seconds * 1000;
    const [health, switched] = await Promise.all([
      probeHealth(gateway, deadline),
      cycleFaults(simulatorUrl, deadline),
      repeat(deadline, validReads(gateway, known)),
      repeat(deadline, validReads(gateway, known)),
      repeat(deadline, overLimit(gateway)),
      repeat(deadline, malformedVariables(gateway, known)),
      repeat(deadline, unknownIds(gateway)),
      repeat(deadline, forgedWebhooks(gateway)),
      repeat(deadline, signedMalformedWebhooks(gateway)),
      repeat(deadline, oversizedBodies(gateway)),
    ]);
    await switchFaults(simulatorUrl, 'DELETE');
    const rssEnd = rssMegabytes(pid);
    const childAlive = gateway.child.exitCode === null && gateway.child.signalCode === null;
    const logged = readLog(gateway.stderr());

    const totals = KINDS.map((kind) => tallies[kind]);
    const sum = (field: 'sent' | '5xx' | 'internal' | 'noAnswer') =>
      totals.reduce((total, tally) => total + tally[field], 0);
    printTable(`requests by kind (${flags.seconds} s)`, [
      ...KINDS.map((kind) => {
        const tally = tallies[kind];
        return {
          kind,
          sent: tally.sent,
          '2xx': tally['2xx'],
          '4xx': tally['4xx'],
          '5xx': tally['5xx'],
          internal: tally.internal,
          'closed mid-body': tally.closed,
          'no answer': tally.noAnswer,
          'p50 ms': ms(percentile(tally.latencies, 50)),
          'max ms': ms(Math.max(...tally.latencies)),
          'error codes': [...tally.codes].sort().join(' ') || '-',
        };
      }),
    ]);
    const slowestHealth = Math.max(...health.ms);
    console.log(
      [
        '',
        `fault phases switched on: ${switched.length} (${[...new Set(switched)].join('; ') || 'none'})`,
        `requests sent: ${sum('sent')}; GraphQL requests the gateway logged: ${logged.requests}`,
        `internal errors (INTERNAL_SERVER_ERROR): ${sum('internal')}`,
        `5xx responses: ${sum('5xx')}`,
        `requests without an answer within ${REQUEST_TIMEOUT_MS / 1000} s: ${sum('noAnswer')}`,
        `forged webhooks accepted: ${forgedAccepted}`,
        `/healthz: ${health.ms.length} probes, median ${ms(percentile(health.ms, 50))} ms, ` +
          `slowest ${ms(slowestHealth)} ms (goal <= 100), ${health.failed} failed`,
        `max Mux calls per request: ${logged.maxMuxCalls}`,
        `gateway RSS: ${rssStart.toFixed(1)} MB after warm-up, ${rssEnd.toFixed(1)} MB at the end, ` +
          `growth ${(rssEnd - rssStart).toFixed(1)} MB`,
        `error-level log lines: ${logged.errorLines.length}`,
        `gateway process: ${childAlive ? 'alive' : 'EXITED'}`,
      ].join('\n'),
    );
    for (const line of logged.errorLines.slice(0, 5)) console.log(`  ${line.slice(0, 400)}`);
    for (const [what, seen] of incidents) console.log(`\nfirst requests with ${what}:\n  ${seen.join('\n  ')}`);
    const failed =
      sum('internal') > 0 ||
      sum('5xx') > 0 ||
      sum('noAnswer') > 0 ||
      forgedAccepted > 0 ||
      health.failed > 0 ||
      !childAlive;
    console.log(failed ? '\nFAILED' : '\nOK');
    if (failed) process.exitCode = 1;
  } finally {
    await gateway.stop();
  }
}

const directory = mkdtempSync(join(tmpdir(), 'caption-gateway-soak-'));
try {
  await soak(directory);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
