import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const SIM_TOKEN_SECRET = 'start-test-token-secret-value';
const SIM_WEBHOOK_SECRET = 'start-test-webhook-secret-value';

interface Started {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exitCode: Promise<number | null>;
}

/** Runs the gateway's real entry point (what `npm start` runs) with a clean environment. */
function runGateway(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started: Started = {
    child,
    stdout: '',
    stderr: '',
    exitCode: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => (started.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (started.stderr += chunk.toString()));
  return started;
}

async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = started.stdout.match(pattern);
    if (match) return match;
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} in output:\n${started.stdout}\n${started.stderr}`);
}

describe('npm start with no Mux credentials', () => {
  let directory: string;
  let gateway: Started;
  let graphiqlUrl: string;
  let devKey: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'caption-gateway-start-'));
    gateway = runGateway({
      PORT: '0',
      SIM_API_PORT: '0',
      SIM_STREAM_PORT: '0',
      SIM_TOKEN_SECRET: SIM_TOKEN_SECRET,
      SIM_WEBHOOK_SECRET: SIM_WEBHOOK_SECRET,
      DATABASE_PATH: join(directory, 'gateway.db'),
    });
    const match = await waitForOutput(gateway, /GraphiQL\s+(http:\/\/\S+)/);
    graphiqlUrl = match[1] ?? '';
    devKey = (await waitForOutput(gateway, /API key\s+(dev_\S+)/))[1] ?? '';
  });

  afterAll(async () => {
    gateway.child.kill('SIGTERM');
    await gateway.exitCode;
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints where GraphiQL is and that it runs on the simulator', () => {
    expect(graphiqlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(gateway.stdout).toMatch(
      /built-in simulator: API http:\/\/127\.0\.0\.1:\d+, stream host http:\/\/127\.0\.0\.1:\d+/,
    );
  });

  it('serves GraphiQL with every script and style inline, so it works with no internet', async () => {
    const response = await fetch(graphiqlUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('renderYogaGraphiQL');
    const externalResources = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="(https?:)?\/\/[^"]*"/g)];
    expect(externalResources).toEqual([]);
    expect(html).toContain('query AssetsWithCaptions');
    expect(html).toContain(`Bearer ${devKey}`);
  });

  it('answers GraphQL with the printed development key, from the simulator and its demo assets', async () => {
    const response = await fetch(graphiqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${devKey}` },
      body: JSON.stringify({
        query: '{ version health { ok upstream muxApiUrl } assets(first: 10) { edges { node { title } } } }',
      }),
    });
    const body = (await response.json()) as {
      data: {
        version: string;
        health: { ok: boolean; upstream: string; muxApiUrl: string };
        assets: { edges: unknown[] };
      };
    };
    expect(body.data.assets.edges.length).toBeGreaterThanOrEqual(3);
    expect(body.data.health).toMatchObject({ ok: true, upstream: 'SIMULATOR' });
    expect(body.data.health.muxApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(body.data.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('never prints the simulator credentials or the signing key', () => {
    const output = gateway.stdout + gateway.stderr;
    expect(output).not.toContain(SIM_TOKEN_SECRET);
    expect(output).not.toContain(SIM_WEBHOOK_SECRET);
    expect(output).not.toMatch(/PRIVATE KEY|private_key/);
  });
});

describe('npm start with a wrong setting', () => {
  it.each([
    [{ PORT: 'eighty' }, /^caption-gateway: PORT must be a port number/],
    [{ MUX_TOKEN_ID: 'abc' }, /^caption-gateway: MUX_TOKEN_SECRET must be set together with MUX_TOKEN_ID$/],
    [{ SIM_SPEED: 'fast' }, /^caption-gateway: SIM_SPEED/],
  ])('stops on %j with one clear line', async (env, expected) => {
    const started = runGateway(env);
    expect(await started.exitCode).toBe(1);
    const lines = started.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(started.stdout).toBe('');
  });
});
