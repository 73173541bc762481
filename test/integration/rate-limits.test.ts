import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildGateway, startChildGateway, stopChildGateways } from '../support/child-gateway.js';
import { createPostgresDatabase } from '../support/databases.js';
import { RawSocket } from '../support/raw-socket.js';
import { API_KEYS, type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/** Costs 11 points: one for the field, ten for its list (an assumed size) of one field each. Answers are cached. */
const LANGUAGES = '{ languages { code } }';
const LANGUAGES_COST = 11;
/**
 * Costs 10 points: one, plus three for each of three edges (the edge, its node, the id). Each is named anew, so
 * the response cache (which would answer a repeat for nothing) never has it.
 */
let asked = 0;
const jobs = () => {
  asked += 1;
  return `query Jobs${asked} { captionJobs(first: 3) { edges { node { id } } } }`;
};
const JOBS_COST = 10;
const POINTS = 100;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function ask(graphqlUrl: string, key: string, query = jobs()): Promise<Answer> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as never,
  };
}

describe('rate limits per API key, on one instance', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ limits: { maxCost: POINTS, ratePointsPerKey: POINTS, rateWindowSeconds: 600 } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('answers a key over its points with 429, Retry-After and KEY_RATE_LIMITED; other keys are served', async () => {
    const url = stack.gateway.graphqlUrl;
    expect((await ask(url, API_KEYS.viewer, LANGUAGES)).status).toBe(200);
    const allowed = Math.floor((POINTS - LANGUAGES_COST) / JOBS_COST);
    const answers: Answer[] = [];
    for (let sent = 0; sent <= allowed; sent += 1) answers.push(await ask(url, API_KEYS.viewer));
    expect(answers.map((answer) => answer.status)).toEqual([...Array(allowed).fill(200), 429]);
    const refused = answers[allowed] as Answer;
    expect(refused.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
    const error = refused.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'KEY_RATE_LIMITED', points: POINTS, windowSeconds: 600 });
    const retryAfterSeconds = error?.extensions?.retryAfterSeconds as number;
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(refused.retryAfter).toBe(String(retryAfterSeconds));
    expect(error?.message).not.toContain(API_KEYS.viewer);
    // An answer the response cache holds for the key costs nothing, and is refused all the same once it is spent.
    const cached = await ask(url, API_KEYS.viewer, LANGUAGES);
    expect(cached.status).toBe(429);
    expect(cached.body.errors?.[0]?.extensions?.code).toBe('KEY_RATE_LIMITED');

    const other = await ask(url, API_KEYS.editor);
    expect(other.status).toBe(200);
    expect(other.body.errors).toBeUndefined();
    expect(other.retryAfter).toBeNull();
  });

  it('refuses an operation over graphql-ws with an error for that operation, and keeps the socket open', async () => {
    const limited = await RawSocket.open(stack, API_KEYS.viewer);
    limited.subscribe('jobs', 'subscription { captionJobsUpdated { id status } }');
    expect(await limited.errorCodes('jobs')).toEqual(['KEY_RATE_LIMITED']);
    limited.subscribe('query', jobs());
    expect(await limited.errorCodes('query')).toEqual(['KEY_RATE_LIMITED']);
    await limited.roundTrip();
    expect(limited.closeCode).toBeUndefined();

    const served = await RawSocket.open(stack, API_KEYS.editor);
    served.subscribe('query', LANGUAGES);
    await waitFor(() => served.of('query').some((message) => message.type === 'complete'));
    const [answer] = served.of('query');
    expect(answer?.type).toBe('next');
    expect(answer?.payload).toEqual({ data: { languages: expect.arrayContaining([{ code: 'en' }]) } });
    limited.close();
    served.close();
  });
});

describe('rate limits per API key, on two instances sharing PostgreSQL', () => {
  const viewer = 'limits-viewer-key-0123456789';
  const editor = 'limits-editor-key-0123456789';
  let instances: ChildGateway[];

  beforeAll(async () => {
    const env = {
      PORT: '0',
      DATABASE_URL: await createPostgresDatabase(),
      // No credentials would mean the built-in simulator, which refuses DATABASE_URL; no call reaches Mux here.
      MUX_TOKEN_ID: 'unused-token-id',
      MUX_TOKEN_SECRET: 'unused-token-secret',
      MUX_BASE_URL: 'http://127.0.0.1:9',
      API_KEYS: `web:viewer:${viewer},cms:editor:${editor}`,
      QUERY_MAX_COST: String(POINTS),
      RATE_LIMIT_POINTS: String(POINTS),
      RATE_LIMIT_WINDOW_SECONDS: '600',
      LOG_LEVEL: 'warn',
    };
    instances = await Promise.all([startChildGateway(env), startChildGateway(env)]);
  }, 60_000);

  afterAll(async () => {
    await stopChildGateways();
  });

  it('counts one key on both instances against one set of points', async () => {
    const allowed = POINTS / JOBS_COST;
    const statuses: number[] = [];
    for (let sent = 0; sent <= allowed; sent += 1) {
      const instance = instances[sent % instances.length] as ChildGateway;
      statuses.push((await ask(instance.graphqlUrl, viewer)).status);
    }
    // Counted per instance, each would have let `allowed` through: twice as many as the key is given.
    expect(statuses).toEqual([...Array(allowed).fill(200), 429]);
    for (const instance of instances) {
      const refused = await ask(instance.graphqlUrl, viewer);
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('KEY_RATE_LIMITED');
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      const other = await ask(instance.graphqlUrl, editor);
      expect(other.status).toBe(200);
      expect(other.body.errors).toBeUndefined();
    }
  });
});
