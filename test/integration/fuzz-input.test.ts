import { encodeGlobalID } from '@pothos/plugin-relay';
import fc from 'fast-check';
import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/api-keys.js';
import { schema } from '../../src/schema/index.js';
import { readyTextTracksOf } from '../support/assets.js';
import { describeCase, type FuzzCase, fuzzCases, type KnownIds, type Transport } from '../support/malformed-inputs.js';
import { authorization, graphql, type Stack, startStack } from '../support/stack.js';

/** Per root field and transport: with 22 root fields today, 880 requests. */
const RUNS = 20;
const MIN_CASES = 500;

const ALL_ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];
/** Mutations mostly as roles that may run them, so inputs are checked; now and then as a viewer, refused. */
const MUTATION_ROLES: readonly Role[] = ['editor', 'admin', 'editor', 'admin', 'viewer'];

const rootFields = (operation: 'query' | 'mutation', type: GraphQLObjectType | null | undefined) =>
  Object.values(type?.getFields() ?? {}).map((field) => ({ operation, field }));
const FIELDS = [...rootFields('query', schema.getQueryType()), ...rootFields('mutation', schema.getMutationType())];
const TRANSPORTS: Transport[] = ['variables', 'literals'];
const MATRIX = FIELDS.flatMap(({ operation, field }) =>
  TRANSPORTS.map((transport) => [operation, field.name, transport, field] as const),
);

/** An asset with a ready caption track, its caption job and transcript, and an upload: ids of every type. */
async function knownIds(stack: Stack): Promise<KnownIds> {
  const asset = await stack.mux.video.assets.create({
    inputs: [
      {
        url: 'https://example.com/fuzz.mp4?duration=20',
        generated_subtitles: [{ language_code: 'en', name: 'English CC' }],
      },
    ],
    playback_policies: ['public'],
  });
  await readyTextTracksOf(stack, asset.id);
  const upload = await stack.mux.video.uploads.create({
    cors_origin: '*',
    new_asset_settings: { playback_policies: ['public'] },
  });
  const { body } = await graphql<{
    asset: {
      id: string;
      tracks: { id: string; muxId: string; transcript: { id: string } | null }[];
      captionJobs: { id: string }[];
    };
  }>(
    stack.gateway,
    'query($id: String!) { asset(muxId: $id) { id tracks { id muxId transcript { id } } captionJobs { id } } }',
    { id: asset.id },
  );
  const found = body.data?.asset;
  if (!found) throw new Error(`the fuzz asset is not readable: ${JSON.stringify(body)}`);
  return {
    globalIds: [
      found.id,
      encodeGlobalID('Upload', upload.id),
      ...found.tracks.flatMap((track) => [track.id, ...(track.transcript ? [track.transcript.id] : [])]),
      ...found.captionJobs.map((job) => job.id),
    ],
    plainIds: [asset.id, upload.id, ...found.tracks.map((track) => track.muxId)],
  };
}

interface Answer {
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
  data?: unknown;
}

/** Every `message` in a payload (userErrors, warnings), where a stack trace could leak as well. */
function payloadMessages(data: unknown): string[] {
  if (Array.isArray(data)) return data.flatMap(payloadMessages);
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data).flatMap(([key, value]) =>
    key === 'message' && typeof value === 'string' ? [value] : payloadMessages(value),
  );
}

async function send(stack: Stack, fuzzCase: FuzzCase): Promise<void> {
  const response = await fetch(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorization(fuzzCase.role) },
    body: `{"operationName":"Fuzz","query":${JSON.stringify(fuzzCase.query)},"variables":${fuzzCase.variables}}`,
  });
  const text = await response.text();
  const context = `${describeCase(fuzzCase)}\nanswered ${response.status}: ${text.slice(0, 2_000)}`;
  expect(response.status, context).toBeLessThan(500);
  let answer: Answer = {};
  expect(() => {
    answer = JSON.parse(text) as Answer;
  }, context).not.toThrow();
  const errors = answer.errors ?? [];
  expect(answer.data !== undefined || errors.length > 0, context).toBe(true);
  for (const error of errors) {
    expect(typeof error.extensions?.code, context).toBe('string');
    expect(error.extensions?.code, context).not.toBe('INTERNAL_SERVER_ERROR');
    expect(typeof error.message, context).toBe('string');
  }
  for (const message of [...errors.map((error) => String(error.message)), ...payloadMessages(answer.data)]) {
    expect(message, context).not.toContain('    at ');
  }
}

describe('malformed input to every query and mutation', () => {
  let stack: Stack;
  let known: KnownIds;
  const sent: Record<Transport, number> = { variables: 0, literals: 0 };

  beforeAll(async () => {
    stack = await startStack();
    known = await knownIds(stack);
  });
  afterAll(() => stack?.close());

  it('covers every root field of the schema', () => {
    expect(FIELDS.map(({ field }) => field.name)).toEqual(
      expect.arrayContaining(['asset', 'nodes', 'transcriptSearch', 'assetCreate', 'captionsReplace', 'trackDelete']),
    );
    expect(FIELDS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(MATRIX)(
    '%s %s through %s: typed errors only, never INTERNAL_SERVER_ERROR or 5xx',
    async (operation, _name, transport, field) => {
      await fc.assert(
        fc.asyncProperty(
          fuzzCases(known, operation, field, transport, operation === 'mutation' ? MUTATION_ROLES : ALL_ROLES),
          async (fuzzCase) => {
            sent[transport] += 1;
            await send(stack, fuzzCase);
          },
        ),
        { numRuns: RUNS },
      );
    },
    60_000,
  );

  it(`sent at least ${MIN_CASES} cases, both ways, and the gateway is still well`, async () => {
    expect(sent.variables + sent.literals).toBeGreaterThanOrEqual(MIN_CASES);
    expect(sent.variables).toBeGreaterThanOrEqual(MIN_CASES / 2);
    expect(sent.literals).toBeGreaterThanOrEqual(MIN_CASES / 2);
    const health = await fetch(`${stack.gateway.url}/healthz`);
    expect(health.status).toBe(200);
    const { status, body } = await graphql<{ version: string; health: { ok: boolean } }>(
      stack.gateway,
      '{ version health { ok } }',
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.health.ok).toBe(true);
    expect(stack.logLines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
