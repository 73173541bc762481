import { Agent, request as httpRequest } from 'node:http';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { authorization, graphql, type Stack, startStack } from '../support/stack.js';
import { upstreamCalls } from '../support/upstream.js';

type GraphqlError = { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> };

/** POSTs raw bytes to /graphql, as a client that builds its own body would. */
async function postRaw(
  stack: Stack,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = authorization('viewer'),
): Promise<{ status: number; errors: GraphqlError[]; text: string }> {
  const response = await fetch(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  const parsed = text.startsWith('{') ? (JSON.parse(text) as { errors?: GraphqlError[] }) : {};
  return { status: response.status, errors: parsed.errors ?? [], text };
}

/** `{ a { a { … } } }` nested `depth` deep: text a recursive parser would follow all the way down. */
const nestedSelection = (depth: number) => `${'{ a '.repeat(depth)}${'}'.repeat(depth)}`;

/** Every log line at `level`, parsed. */
function logEntries(stack: Stack, level: string): Record<string, unknown>[] {
  return stack.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.level === level);
}

const assetGlobalId = (muxId: string) => encodeGlobalID('Asset', muxId);

describe('wrong requests get typed answers', () => {
  let stack: Stack;
  let assetId: string;
  let trackId: string;

  beforeAll(async () => {
    stack = await startStack();
    ({ assetId, trackId } = await readyAssetWithCaptions(stack));
  });
  afterAll(() => stack.close());

  it.each([
    ['a string for an Int', 'query($first: Int) { assets(first: $first) { edges { cursor } } }', { first: 'ten' }],
    [
      'a number too large for an Int',
      'query($first: Int) { assets(first: $first) { edges { cursor } } }',
      {
        first: 2 ** 40,
      },
    ],
    [
      'an unknown enum value',
      'query($filter: AssetFilter) { assets(filter: $filter) { edges { cursor } } }',
      { filter: { status: 'EXPLODED' } },
    ],
    [
      'an object for a list of IDs',
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids: { first: assetGlobalId('a') } },
    ],
    [
      'a missing required nested field',
      'mutation($input: PremiumCaptionsGenerateInput!) { premiumCaptionsGenerate(input: $input) { __typename } }',
      { input: { languageCode: 'en' } },
    ],
    [
      'an unknown input field',
      'mutation($input: AssetCreateInput!) { assetCreate(input: $input) { __typename } }',
      { input: { url: 'https://example.com/a.mp4', colour: 'blue' } },
    ],
    [
      'a wrongly typed nested list item',
      'mutation($input: CaptionsGenerateInput!) { captionsGenerate(input: $input) { __typename } }',
      { input: { assetId: assetGlobalId('a'), languages: [{ languageCode: 7 }] } },
    ],
  ])('answers %s in variables with BAD_USER_INPUT naming the variable', async (_label, query, variables) => {
    const { status, body } = await graphql(stack.gateway, query, variables, authorization('editor'));
    expect(status).toBeLessThan(500);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors ?? []) {
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(`$${Object.keys(variables)[0]}`);
    }
  });

  it.each([
    ['a string for an Int', '{ assets(first: "ten") { edges { cursor } } }'],
    ['an unknown enum value', '{ assets(filter: { status: EXPLODED }) { edges { cursor } } }'],
    ['a missing required argument', '{ captionJob { id } }'],
    ['an unknown field', '{ assets { edges { node { colour } } } }'],
  ])('answers %s in the query text as a validation failure, with no data', async (_label, query) => {
    const { status, body } = await graphql(stack.gateway, query);
    expect(status).toBeLessThan(500);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(
      body.errors?.map(() => 'GRAPHQL_VALIDATION_FAILED'),
    );
  });

  it.each([
    ['not base64 at all', '%%% not an id %%%'],
    ['base64 of no type', Buffer.from('just text').toString('base64')],
    ['a type this API does not have', encodeGlobalID('Account', '1')],
    ['an empty id', ''],
  ])('answers node(id:) with %s as BAD_USER_INPUT on `id`', async (_label, id) => {
    const { status, body } = await graphql(stack.gateway, 'query($id: ID!) { node(id: $id) { id } }', { id });
    expect(status).toBe(200);
    expect(body.data).toEqual({ node: null });
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['node'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
  });

  it('answers a malformed id among good ones in nodes(ids:) as that item’s error only', async () => {
    const { body } = await graphql<{ nodes: ({ id: string } | null)[] }>(
      stack.gateway,
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids: [assetGlobalId(assetId), '%%% not an id', assetGlobalId(assetId)] },
    );
    expect(body.data?.nodes).toEqual([{ id: assetGlobalId(assetId) }, null, { id: assetGlobalId(assetId) }]);
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['nodes', 1], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
  });

  it.each([
    ['a node id', 'query($id: ID!) { node(id: $id) { id } }', { id: 'a\uD800' }, '$id'],
    ['a Mux id', 'query($id: String!) { asset(muxId: $id) { id } }', { id: '\uDC00' }, '$id'],
    ['an upload id', 'query($id: ID!) { upload(id: $id) { id } }', { id: '8\uDFF9[k' }, '$id'],
    [
      'a mutation input',
      'mutation($input: CaptionsGenerateInput!) { captionsGenerate(input: $input) { __typename } }',
      { input: { assetId: '\uD800', languages: [{ languageCode: 'en' }] } },
      '$input.assetId',
    ],
    [
      'a URL to download',
      'mutation($input: AssetCreateInput!) { assetCreate(input: $input) { __typename } }',
      { input: { url: 'https://example.com/\uD800.mp4' } },
      '$input.url',
    ],
  ])(
    'refuses a lone surrogate in %s before anything runs, naming where it is',
    async (_label, query, variables, at) => {
      const calls = upstreamCalls(stack.simulator);
      const { body } = await graphql(stack.gateway, query, variables, authorization('editor'));
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(`Variable ${at} holds text that is not valid Unicode`),
          extensions: { code: 'BAD_USER_INPUT' },
        }),
      ]);
      expect(calls()).toEqual([]);
    },
  );

  it('refuses a lone surrogate written in the query text itself as a syntax error', async () => {
    const { body } = await graphql(stack.gateway, '{ asset(muxId: "\\uD800x") { id } }');
    expect(body.errors?.[0]?.message).toContain('Invalid Unicode escape');
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses more than 100 ids to nodes(ids:) before reading any', async () => {
    const calls = upstreamCalls(stack.simulator);
    const ids = Array.from({ length: 101 }, (_, index) => assetGlobalId(`unknown-${index}`));
    const { body } = await graphql(stack.gateway, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.message).toContain('at most 100 ids');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(calls()).toEqual([]);
  });

  it('answers an id of the wrong type in a mutation as a userError on that field', async () => {
    const trackGlobalId = encodeGlobalID('Track', trackId);
    const calls = upstreamCalls(stack.simulator);
    const payload = await mutate<{ captionJobs: unknown[] }>(stack, 'captionsGenerate', 'captionJobs { id }', {
      assetId: trackGlobalId,
      languages: [{ languageCode: 'fr' }],
    });
    expect(payload.userErrors).toEqual([
      expect.objectContaining({ __typename: 'ValidationError', field: ['input', 'assetId'] }),
    ]);
    expect(calls()).toEqual([]);
  });

  it('takes the audio track of captionsGenerate as a global ID, and refuses a text track there', async () => {
    const { body } = await graphql<{ asset: { tracks: { id: string; type: string }[] } }>(
      stack.gateway,
      'query($id: String!) { asset(muxId: $id) { tracks { id type } } }',
      { id: assetId },
    );
    const audio = body.data?.asset.tracks.find((track) => track.type === 'AUDIO');
    expect(audio?.id).toBeTypeOf('string');
    const generate = (audioTrackId: string) =>
      mutate<{ captionJobs: { languageCode: string }[] }>(stack, 'captionsGenerate', 'captionJobs { languageCode }', {
        assetId: assetGlobalId(assetId),
        audioTrackId,
        languages: [{ languageCode: 'fr' }],
      });
    const onText = await generate(encodeGlobalID('Track', trackId));
    expect(onText.userErrors).toEqual([
      expect.objectContaining({ __typename: 'NotFoundError', field: ['input', 'audioTrackId'] }),
    ]);
    const onAsset = await generate(assetGlobalId(assetId));
    expect(onAsset.userErrors).toEqual([
      expect.objectContaining({ __typename: 'ValidationError', field: ['input', 'audioTrackId'] }),
    ]);
    const onAudio = await generate(audio?.id ?? '');
    expect(onAudio.userErrors).toEqual([]);
    expect(onAudio.captionJobs).toEqual([{ languageCode: 'fr' }]);
  });

  it('refuses a body that is not UTF-8, and JSON that is not an object, with 400', async () => {
    const invalidUtf8 = new Uint8Array([
      ...Buffer.from('{"query":"{ version }", "x": "'),
      0xff,
      0xfe,
      ...Buffer.from('"}'),
    ]);
    const bytes = await postRaw(stack, invalidUtf8);
    expect(bytes.status).toBe(400);
    expect(bytes.text).not.toContain('    at ');
    const array = await postRaw(stack, '[1, 2, 3]');
    expect(array.status).toBe(400);
    expect(array.errors[0]?.extensions?.code).toBeTypeOf('string');
  });

  it('logs client mistakes at info, one line per request, and nothing at error', async () => {
    const before = stack.logLines.length;
    await graphql(stack.gateway, 'query($first: Int) { assets(first: $first) { edges { cursor } } }', { first: 'x' });
    await graphql(stack.gateway, `{ transcriptSearch(query: "\\"unclosed") { edges { cursor } } }`);
    await graphql(stack.gateway, '{ assets(last: 5) { edges { cursor } } }');
    await graphql(stack.gateway, '{ version }', {}, {});
    const lines = stack.logLines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((entry) => entry.level === 'error' || entry.level === 'warn')).toEqual([]);
    const requests = lines.filter((entry) => entry.message === 'graphql request');
    expect(requests.map((entry) => entry.level)).toEqual(['info', 'info', 'info', 'info']);
    expect(requests.map((entry) => entry.errors)).toEqual([
      ['BAD_USER_INPUT'],
      [expect.any(String)],
      [expect.any(String)],
      ['UNAUTHENTICATED'],
    ]);
    expect(logEntries(stack, 'error')).toEqual([]);
  });
});

describe('bounded work per request', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it.each([
    ['too many tokens', `{ ${Array.from({ length: 2100 }, () => 'version').join(' ')} }`, 'tokens'],
    ['text nested 5,000 deep', nestedSelection(5000), 'tokens'],
    [
      'too deep',
      '{ assets { edges { node { captionJobs { asset { captionJobs { asset { captionJobs { asset { captionJobs { ' +
        'asset { captionJobs { asset { id } } } } } } } } } } } } } }',
      'depth',
    ],
    ['too many aliases', `{ ${Array.from({ length: 25 }, (_, index) => `a${index}: version`).join(' ')} }`, 'aliases'],
    [
      'too costly',
      '{ assets(first: 100) { edges { node { tracks { muxId } captionJobs { id asset { tracks { muxId } ' +
        'captionJobs { id } } } } } } }',
      'cost',
    ],
  ])('refuses %s with HTTP 400 LIMIT_EXCEEDED, before running anything', async (_label, query, limit) => {
    const calls = upstreamCalls(stack.simulator);
    const { status, errors, text } = await postRaw(stack, JSON.stringify({ query }));
    expect(status).toBe(400);
    expect(errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit }) }),
    ]);
    expect(text).not.toContain('    at ');
    // Without a key the request is refused as well, for whichever reason is found first.
    const anonymous = await postRaw(stack, JSON.stringify({ query }), {});
    expect([400, 401]).toContain(anonymous.status);
    expect(['LIMIT_EXCEEDED', 'UNAUTHENTICATED']).toContain(anonymous.errors[0]?.extensions?.code);
    expect(calls()).toEqual([]);
  });

  it('refuses a body over the limit with 413 and closes the connection, so the next request is not lost', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          `${stack.gateway.url}${path}`,
          {
            agent,
            method: body === undefined ? 'GET' : 'POST',
            headers: { 'content-type': 'application/json', ...authorization('viewer') },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    try {
      const padding = 'x'.repeat(9 * 1024 * 1024);
      expect(await send('/graphql', JSON.stringify({ query: '{ version }', extensions: { padding } }))).toBe(413);
      expect(await send('/healthz')).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('calls Mux at most 25 times for one request, and not again for ids Mux just said it lacks', async () => {
    const unknown = Array.from({ length: 60 }, (_, index) => assetGlobalId(`never-existed-${index}`));
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const first = upstreamCalls(stack.simulator);
    const { body } = await graphql(stack.gateway, query, { ids: unknown });
    expect(first()).toHaveLength(25);
    const codes = (body.errors ?? []).map((error) => error.extensions?.code);
    expect(codes.filter((code) => code === 'NOT_FOUND')).toHaveLength(25);
    expect(codes.filter((code) => code === 'LIMIT_EXCEEDED')).toHaveLength(35);

    const repeat = upstreamCalls(stack.simulator);
    const again = await graphql(stack.gateway, query, { ids: unknown.slice(0, 25) });
    expect(repeat()).toEqual([]);
    expect(again.body.errors?.map((error) => error.extensions?.code)).toEqual(Array(25).fill('NOT_FOUND'));
  });

  it('answers other clients promptly while one sends the largest requests it can', async () => {
    const ids = Array.from({ length: 100_000 }, (_, index) => assetGlobalId(`flood-${index}`));
    const flood = Array.from({ length: 4 }, () =>
      postRaw(stack, JSON.stringify({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } })),
    );
    const timings: number[] = [];
    for (let round = 0; round < 10; round += 1) {
      const started = performance.now();
      const [health, version] = await Promise.all([
        fetch(`${stack.gateway.url}/healthz`),
        graphql<{ version: string }>(stack.gateway, '{ version }'),
      ]);
      timings.push(performance.now() - started);
      expect(health.status).toBe(200);
      expect(version.body.data?.version).toBeTypeOf('string');
    }
    const refused = await Promise.all(flood);
    expect(refused.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(refused.map((answer) => answer.errors[0]?.extensions?.limit)).toEqual(['cost', 'cost', 'cost', 'cost']);
    // Before the limits, one such request held every other client for 16 s.
    expect(Math.max(...timings)).toBeLessThan(2000);
    expect(logEntries(stack, 'error')).toEqual([]);
  });
});
