import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mux from '@mux/mux-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, defaultSimulatorOptions, type Simulator } from '../../src/sim/index.js';
import { type ChildGateway, runGatewayToExit, startChildGateway, stopChildGateways } from '../support/child-gateway.js';

const SIM_TOKEN_SECRET = 'start-test-token-secret-value';
const SIM_WEBHOOK_SECRET = 'start-test-webhook-secret-value';

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function graphql<T>(
  gateway: ChildGateway,
  key: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlAnswer<T>> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key ?? ''}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlAnswer<T>;
}

describe('npm start with no Mux credentials', () => {
  let directory: string;
  let gateway: ChildGateway;
  const env = {
    PORT: '0',
    SIM_API_PORT: '0',
    SIM_STREAM_PORT: '0',
    SIM_TOKEN_SECRET: SIM_TOKEN_SECRET,
    SIM_WEBHOOK_SECRET: SIM_WEBHOOK_SECRET,
    SIM_SPEED: '1000',
  };

  beforeAll(async () => {
    // The gateway runs in a folder of its own: on the simulator its database is ./data/simulator/gateway.db.
    directory = mkdtempSync(join(tmpdir(), 'caption-gateway-start-'));
    gateway = await startChildGateway(env, { cwd: directory });
  });

  afterAll(async () => {
    await stopChildGateways();
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints where GraphiQL is and that it runs on the simulator', () => {
    expect(gateway.graphqlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(gateway.stdout()).toMatch(
      /built-in simulator: API http:\/\/127\.0\.0\.1:\d+, stream host http:\/\/127\.0\.0\.1:\d+/,
    );
  });

  it('serves GraphiQL with every script and style inline, so it works with no internet', async () => {
    const response = await fetch(gateway.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('renderYogaGraphiQL');
    const externalResources = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="(https?:)?\/\/[^"]*"/g)];
    expect(externalResources).toEqual([]);
    expect(html).toContain('query AssetsWithCaptions');
    expect(html).toContain(`Bearer ${gateway.devKey}`);
  });

  it('answers GraphQL with the printed development key, from the simulator and its demo assets', async () => {
    const body = await graphql<{
      version: string;
      health: { ok: boolean; upstream: string; muxApiUrl: string };
      assets: { edges: unknown[] };
    }>(
      gateway,
      gateway.devKey,
      '{ version health { ok upstream muxApiUrl } assets(first: 10) { edges { node { title } } } }',
    );
    expect(body.data?.assets.edges.length).toBeGreaterThanOrEqual(3);
    expect(body.data?.health).toMatchObject({ ok: true, upstream: 'SIMULATOR' });
    expect(body.data?.health.muxApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(body.data?.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('never prints the simulator credentials or the signing key', () => {
    const output = gateway.output();
    expect(output).not.toContain(SIM_TOKEN_SECRET);
    expect(output).not.toContain(SIM_WEBHOOK_SECRET);
    expect(output).not.toMatch(/PRIVATE KEY|private_key/);
  });

  // Last in this block: it stops the gateway the tests above use.
  it('starts its database over with the simulator on a restart, so everything it lists resolves', async () => {
    const before = await makeCaptionWork(gateway, 'before the restart');
    const beforeWorld = await listWorld(gateway);
    expect(beforeWorld.jobIds).toContain(before.jobId);
    const database = join(directory, 'data', 'simulator', 'gateway.db');
    const leftover = join(directory, 'data', 'simulator', 'left-by-the-first-run');
    writeFileSync(leftover, '');
    expect(await gateway.stop()).toBe(0);

    // Every read asks the simulator, so a row kept from the first run would show as asset: null and NOT_FOUND.
    const restarted = await startChildGateway(
      { ...env, CACHE_TTL_SECONDS: '0', CACHE_ACTIVE_TTL_SECONDS: '0' },
      { cwd: directory },
    );
    expect(restarted.stdout()).toMatch(/^ {2}Database\s+\.\/data\/simulator\/gateway\.db$/m);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(database)).toBe(true);

    await makeCaptionWork(restarted, 'after the restart');
    const afterWorld = await listWorld(restarted);
    expect(afterWorld.jobIds.length).toBeGreaterThan(0);
    expect(afterWorld.assetIds.length).toBeGreaterThanOrEqual(4);
    expect(afterWorld.jobIds.filter((id) => beforeWorld.jobIds.includes(id))).toEqual([]);
    expect(afterWorld.assetMuxIds).not.toContain(before.assetMuxId);
    expect(afterWorld.jobsWithoutAsset).toEqual([]);

    const ids = [...afterWorld.assetIds, ...afterWorld.jobIds];
    const resolved = await graphql<{ nodes: ({ id: string } | null)[] }>(
      restarted,
      restarted.devKey,
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids },
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.nodes.map((node) => node?.id)).toEqual(ids);
  });
});

/** Caption work as a developer makes it in GraphiQL: a new asset with generated captions. */
async function makeCaptionWork(gateway: ChildGateway, title: string): Promise<{ assetMuxId: string; jobId: string }> {
  const created = await graphql<{
    assetCreate: { asset: { muxId: string }; captionJobs: { id: string }[]; userErrors: unknown[] };
  }>(
    gateway,
    gateway.devKey,
    `mutation($title: String!) { assetCreate(input: {
      url: "https://media.example.com/restart.mp4?duration=30", title: $title,
      generatedSubtitles: [{ languageCode: "en" }] }) { asset { muxId } captionJobs { id } userErrors { message } } }`,
    { title },
  );
  expect(created.errors).toBeUndefined();
  expect(created.data?.assetCreate.userErrors).toEqual([]);
  const jobId = created.data?.assetCreate.captionJobs[0]?.id;
  const assetMuxId = created.data?.assetCreate.asset.muxId;
  if (!jobId || !assetMuxId) throw new Error(`no caption work made: ${JSON.stringify(created)}`);
  return { assetMuxId, jobId };
}

/** Every asset and caption job the gateway lists, with any error the listing carried failing the test. */
async function listWorld(gateway: ChildGateway) {
  const body = await graphql<{
    assets: { edges: { node: { id: string; muxId: string; captionJobs: { id: string }[] } }[] };
    captionJobs: { edges: { node: { id: string; asset: { muxId: string } | null } }[] };
  }>(
    gateway,
    gateway.devKey,
    `{ assets(first: 50) { edges { node { id muxId captionJobs { id } } } }
       captionJobs(first: 50) { edges { node { id asset { muxId } } } } }`,
  );
  expect(body.errors).toBeUndefined();
  const assets = body.data?.assets.edges.map((edge) => edge.node) ?? [];
  const jobs = body.data?.captionJobs.edges.map((edge) => edge.node) ?? [];
  return {
    assetIds: assets.map((asset) => asset.id),
    assetMuxIds: assets.map((asset) => asset.muxId),
    jobIds: [
      ...new Set([...jobs.map((job) => job.id), ...assets.flatMap((asset) => asset.captionJobs.map((j) => j.id))]),
    ],
    jobsWithoutAsset: jobs.filter((job) => job.asset === null).map((job) => job.id),
  };
}

/** What a start-up failure must look like: exit 1, one line on stderr, nothing on stdout, no stack, no secret. */
async function expectOneLineFailure(env: Record<string, string>, expected: RegExp, secrets: string[]) {
  const { status, stdout, stderr } = await runGatewayToExit(env);
  expect(status).toBe(1);
  expect(stdout).toBe('');
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(expected);
  expect(stderr).not.toContain('    at ');
  for (const secret of secrets) expect(stderr).not.toContain(secret);
}

const SECRET_KEY = 'sk_live_0123456789abcdefSECRET';
const TOKEN_SECRET = 'mux-token-secret-never-shown-0123';
const URL_PASSWORD = 'url-password-never-shown-4567';

// One after the other: each case loads the whole gateway, and side by side on two cores they only wait longer.
describe('npm start with a wrong setting', () => {
  let taken: Server;
  let takenPort: number;

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    takenPort = (taken.address() as { port: number }).port;
  });

  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it.each([
    [{ PORT: 'eighty' }, /^caption-gateway: PORT must be a port number/, []],
    [{ MUX_TOKEN_ID: 'abc' }, /^caption-gateway: MUX_TOKEN_SECRET must be set together with MUX_TOKEN_ID$/, []],
    [{ SIM_SPEED: 'fast' }, /^caption-gateway: SIM_SPEED/, []],
    // On the simulator the database starts over with every run, and a path an operator chose is never wiped.
    [{ DATABASE_PATH: './somewhere/gateway.db' }, /^caption-gateway: DATABASE_PATH is for a gateway on Mux; /, []],
    // An operator who wrote key:role:name instead of name:role:key.
    [
      { API_KEYS: `${SECRET_KEY}:viewer:web` },
      /^caption-gateway: API_KEYS entry 1 has a key shorter than 16 characters$/,
      [SECRET_KEY],
    ],
    [
      {
        MUX_TOKEN_ID: 'token-id',
        MUX_TOKEN_SECRET: TOKEN_SECRET,
        API_KEYS: `web:viewer:${SECRET_KEY}`,
        MUX_BASE_URL: `https://token-id:${URL_PASSWORD}@api.mux.example.com`,
      },
      /^caption-gateway: MUX_BASE_URL must not carry credentials/,
      [URL_PASSWORD, TOKEN_SECRET, SECRET_KEY],
    ],
  ])('stops on %j with one clear line that echoes no secret', async (env, expected, secrets) => {
    await expectOneLineFailure(env, expected, secrets);
  });

  // SIM_API_PORT is the port a simulator already running (`npm run sim`) holds.
  it("stops with one line naming the port when the simulator's port is taken", async () => {
    const env = { PORT: '0', SIM_API_PORT: String(takenPort), SIM_STREAM_PORT: '0' };
    await expectOneLineFailure(
      env,
      new RegExp(`^caption-gateway: port ${takenPort} is already in use \\(set PORT`),
      [],
    );
  });
});

describe('npm start with Mux credentials', () => {
  let simulator: Simulator;
  let gateway: ChildGateway;
  let secrets: Record<string, string>;
  let directory: string;
  const viewerKey = 'viewer-key-never-shown-0123456789';
  const adminKey = 'admin-key-never-shown-0123456789';

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'caption-gateway-start-mux-'));
    const options = defaultSimulatorOptions({ seedDemoAssets: true });
    simulator = await createSimulator(options);
    const admin = new Mux({ tokenId: options.tokenId, tokenSecret: options.tokenSecret, baseURL: simulator.apiUrl });
    const signingKey = await admin.system.signingKeys.create();
    secrets = {
      MUX_TOKEN_SECRET: options.tokenSecret,
      MUX_WEBHOOK_SECRET: options.webhookSecret,
      MUX_PRIVATE_KEY: signingKey.private_key ?? '',
    };
    gateway = await startChildGateway({
      PORT: '0',
      // Debug logs are where a careless field would put a credential.
      LOG_LEVEL: 'debug',
      DATABASE_PATH: join(directory, 'gateway.db'),
      MUX_TOKEN_ID: options.tokenId,
      MUX_BASE_URL: simulator.apiUrl,
      MUX_STREAM_BASE_URL: simulator.streamUrl,
      MUX_SIGNING_KEY: signingKey.id,
      API_KEYS: `web:viewer:${viewerKey},ops:admin:${adminKey}`,
      ...secrets,
    });
  });

  afterAll(async () => {
    await stopChildGateways();
    await simulator?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints no development key, and neither its output nor its logs carry a credential', async () => {
    expect(gateway.devKey).toBeUndefined();
    expect(gateway.stdout()).not.toContain('API key');
    const read = await graphql<{ assets: { edges: unknown[] } }>(
      gateway,
      viewerKey,
      '{ assets(first: 5) { edges { node { muxId transcript(languageCode: "en") { text } } } } }',
    );
    expect(read.data?.assets.edges.length).toBeGreaterThan(0);
    const refresh = await graphql<{ assetIndexRefresh: number }>(gateway, adminKey, 'mutation { assetIndexRefresh }');
    expect(refresh.data?.assetIndexRefresh).toBeGreaterThan(0);
    const wrongKey = await graphql(gateway, `${viewerKey}-wrong`, '{ version }');
    expect(wrongKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await fetch(`${gateway.url}/webhooks/mux`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mux-signature': `t=${Date.now()},v1=00` },
      body: '{"type":"video.asset.ready","data":{}}',
    });
    expect(forged.ok).toBe(false);

    expect(await gateway.stop()).toBe(0);
    const output = gateway.output();
    // The gateway did log at debug level, so the check below looked at real log lines.
    expect(output).toMatch(/"level":"debug"/);
    for (const [variable, value] of Object.entries({ ...secrets, viewerKey, adminKey })) {
      expect(value.length, variable).toBeGreaterThan(8);
      expect(output, variable).not.toContain(value);
    }
    expect(output).not.toMatch(/PRIVATE KEY/);
  });
});
