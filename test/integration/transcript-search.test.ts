import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyTextTracksOf } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { vttDataUrl } from '../support/transcripts.js';
import { waitFor } from '../support/wait.js';

const GENERATED_ASSETS = 52;

const SEARCH = `query($query: String!, $languageCode: String, $assetIds: [ID!], $first: Int, $after: String) {
  transcriptSearch(query: $query, languageCode: $languageCode, assetIds: $assetIds, first: $first, after: $after) {
    edges {
      cursor
      node {
        start end text speaker languageCode relevance
        snippet { text html highlights { start end } }
        asset { muxId }
        track { muxId }
        transcript { id }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Hit {
  start: number;
  end: number;
  text: string;
  languageCode: string | null;
  relevance: number;
  snippet: { text: string; html: string; highlights: { start: number; end: number }[] };
  asset: { muxId: string };
  track: { muxId: string } | null;
}

interface TranscriptCues {
  cues: { index: number; text: string }[];
  later: { index: number; text: string }[];
}

interface SearchPage {
  transcriptSearch: {
    edges: { cursor: string; node: Hit }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Assets whose captions the tests wrote, so what should match, and how well, is known. */
const CRAFTED = {
  aurora: [
    'The aurora aurora aurora danced overhead',
    'We saw the northern lights over the fjord',
    'Lights from the northern town were dim',
  ],
  winter: [
    'An aurora was mentioned once in this much longer cue about many other unrelated winter topics',
    'Auroral activity peaked at midnight',
  ],
  spanish: ['La aurora boreal fue increíble'],
};

describe('transcript search', () => {
  let stack: Stack;
  const tracks: Record<keyof typeof CRAFTED, { assetId: string; trackId: string }> = {} as never;

  const search = async (query: string, variables: Record<string, unknown> = {}) =>
    graphql<SearchPage>(stack.gateway, SEARCH, { query, first: 50, ...variables });
  const hits = async (query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await search(query, variables);
    expect(body.errors).toBeUndefined();
    return (body.data?.transcriptSearch.edges ?? []).map((edge) => edge.node);
  };

  async function craftedAsset(name: keyof typeof CRAFTED, languageCode: string): Promise<void> {
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: `https://example.com/${name}.mp4?duration=20` }],
      playback_policies: ['public'],
      meta: { title: name },
    });
    await readyTextTracksOf(stack, asset.id, 0);
    await stack.mux.video.assets.createTrack(asset.id, {
      url: vttDataUrl(CRAFTED[name]),
      type: 'text',
      text_type: 'subtitles',
      language_code: languageCode,
      name,
    });
    const [track] = await readyTextTracksOf(stack, asset.id);
    tracks[name] = { assetId: asset.id, trackId: track?.muxId ?? '' };
  }

  beforeAll(async () => {
    stack = await startStack();
    const generated = await Promise.all(
      Array.from({ length: GENERATED_ASSETS }, (_, index) =>
        stack.mux.video.assets.create({
          inputs: [
            {
              url: `https://example.com/library/${index}.mp4?duration=20`,
              generated_subtitles: [{ language_code: 'en', name: 'English CC' }],
            },
          ],
          playback_policies: ['public'],
        }),
      ),
    );
    await Promise.all([craftedAsset('aurora', 'en'), craftedAsset('winter', 'en'), craftedAsset('spanish', 'es')]);
    await waitFor(
      async () =>
        (await Promise.all(generated.map((asset) => stack.mux.video.assets.retrieve(asset.id)))).every((asset) =>
          asset.tracks?.some((track) => track.type === 'text' && track.status === 'ready'),
        ),
      {
        timeoutMs: 15_000,
      },
    );
    // Reading every asset's transcripts once is what stores and indexes them (webhooks may have done it already).
    const { body } = await graphql<{ assets: { edges: { node: { transcripts: { id: string }[] } }[] } }>(
      stack.gateway,
      `{ assets(first: 100, fresh: true) { edges { node { transcripts { id } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.assets.edges.flatMap((edge) => edge.node.transcripts)).toHaveLength(GENERATED_ASSETS + 3);
  });
  afterAll(() => stack.close());

  it('ranks the most relevant cue first and highlights what matched', async () => {
    const found = await hits('aurora');
    expect(found.map((hit) => hit.text)).toEqual([CRAFTED.aurora[0], CRAFTED.spanish[0], CRAFTED.winter[0]]);
    expect(found[0]?.relevance).toBeGreaterThan(found[1]?.relevance ?? Infinity);
    expect(found[1]?.relevance).toBeGreaterThan(found[2]?.relevance ?? Infinity);
    expect(found[0]).toMatchObject({
      asset: { muxId: tracks.aurora.assetId },
      track: { muxId: tracks.aurora.trackId },
      start: 0,
      end: 2.5,
      languageCode: 'en',
    });
    expect(found[0]?.snippet.html).toBe(
      'The <mark>aurora</mark> <mark>aurora</mark> <mark>aurora</mark> danced overhead',
    );
    const { text, highlights } = found[0]?.snippet ?? { text: '', highlights: [] };
    expect(highlights.map((range) => text.slice(range.start, range.end))).toEqual(['aurora', 'aurora', 'aurora']);
  });

  it('matches phrases exactly and words anywhere in a cue', async () => {
    expect((await hits('"northern lights"')).map((hit) => hit.text)).toEqual([CRAFTED.aurora[1]]);
    expect((await hits('northern lights')).map((hit) => hit.text).sort()).toEqual(
      [CRAFTED.aurora[1], CRAFTED.aurora[2]].sort(),
    );
    expect((await hits('northern -fjord')).map((hit) => hit.text)).toEqual([CRAFTED.aurora[2]]);
    expect((await hits('fjord OR midnight')).map((hit) => hit.text).sort()).toEqual(
      [CRAFTED.aurora[1], CRAFTED.winter[1]].sort(),
    );
  });

  it('says which cue of the transcript each hit is, as Transcript.cues numbers them', async () => {
    const { body } = await graphql<{
      transcriptSearch: { edges: { node: { cueIndex: number; text: string; transcript: TranscriptCues } }[] };
    }>(
      stack.gateway,
      `{ transcriptSearch(query: "northern") { edges { node { cueIndex text transcript { ` +
        `cues { index text } later: cues(from: 4) { index text } } } } } }`,
    );
    const found = body.data?.transcriptSearch.edges.map((edge) => edge.node) ?? [];
    expect(found.map((hit) => hit.cueIndex).sort()).toEqual([1, 2]);
    for (const hit of found) {
      expect(hit.transcript.cues[hit.cueIndex]).toEqual({ index: hit.cueIndex, text: hit.text });
      // Asked for a stretch of time, cues keep their place in the whole transcript.
      expect(hit.transcript.later.map((cue) => cue.index)).toEqual(
        hit.transcript.cues.slice(hit.transcript.cues.length - hit.transcript.later.length).map((cue) => cue.index),
      );
      expect(hit.transcript.later[0]?.index).toBeGreaterThan(0);
    }
  });

  it('matches prefixes, and folds accents', async () => {
    expect((await hits('auroral')).map((hit) => hit.text)).toEqual([CRAFTED.winter[1]]);
    expect(await hits('auror*')).toHaveLength(4);
    expect((await hits('increible')).map((hit) => hit.text)).toEqual([CRAFTED.spanish[0]]);
  });

  it('searches within a language or within chosen assets', async () => {
    expect((await hits('aurora', { languageCode: 'es' })).map((hit) => hit.text)).toEqual([CRAFTED.spanish[0]]);
    expect((await hits('aurora', { assetIds: [tracks.winter.assetId] })).map((hit) => hit.text)).toEqual([
      CRAFTED.winter[0],
    ]);
  });

  it('pages through many hits across the library without repeats or gaps', async () => {
    const all = await hits('the OR and', { first: 100 });
    expect(all.length).toBeGreaterThan(60);
    // The best 100 of thousands of matching cues come from across the library, not from one transcript.
    expect(new Set(all.map((hit) => hit.asset.muxId)).size).toBeGreaterThanOrEqual(20);
    const walked: Hit[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20 && walked.length < all.length; page += 1) {
      const { body }: { body: { data?: SearchPage } } = await search('the OR and', { first: 7, after });
      walked.push(...(body.data?.transcriptSearch.edges ?? []).map((edge) => edge.node));
      after = body.data?.transcriptSearch.pageInfo.endCursor ?? null;
    }
    expect(walked.slice(0, all.length)).toEqual(all);
    const relevances = all.map((hit) => hit.relevance);
    expect(relevances).toEqual([...relevances].sort((a, b) => b - a));
  });

  it.each([
    ['an unclosed quote', '"northern lights', 'A phrase is missing its closing quote'],
    ['a dangling operator', 'aurora OR', 'OR must stand between two terms'],
    ['only exclusions', 'NOT aurora', 'NOT (or -) only leaves terms out'],
    ['unbalanced parentheses', '(aurora OR fjord', 'A ( is missing its closing )'],
    ['a lone star', '*', 'A * must follow the start of a word'],
    ['punctuation only', '!!! ??? ---', 'Nothing to search for'],
    ['very long input', 'aurora '.repeat(2_000), 'longer than 200 characters'],
  ])('answers %s with a typed error that says what to fix', async (_label, query, message) => {
    const { status, body } = await search(query);
    expect(status).toBe(200);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.message).toContain(message);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'query', message: expect.stringContaining(message) }],
    });
  });

  it('refuses more than 100 asset ids and foreign cursors with typed errors', async () => {
    const tooMany = await search('aurora', { assetIds: Array.from({ length: 101 }, (_, index) => `asset-${index}`) });
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'assetIds' }],
    });
    const foreign = await search('aurora', { after: 'bm90LWEtY3Vyc29y' });
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'after' }],
    });
  });

  it.each([
    ['FTS5 column filters', 'text:aurora', 0],
    ['NEAR groups', 'NEAR(aurora danced, 3)', 0],
    ['SQL', "'; DROP TABLE transcripts; --", 0],
    ['stray FTS5 syntax', '^aurora +danced "" {x} [y]', 0],
    ['quotes inside words', 'aurora"s', -1],
  ])('treats %s as plain words, never as syntax', async (_label, query, expected) => {
    const { body } = await search(query);
    if (expected < 0) expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    else expect(body.data?.transcriptSearch.edges).toHaveLength(expected);
    expect(JSON.stringify(body)).not.toMatch(/SQLITE|fts5|INTERNAL_SERVER_ERROR/i);
    expect(await hits('aurora')).toHaveLength(3);
  });

  it('finds the new captions, and not the old ones, once captionsReplace has replaced a track', async () => {
    const payload = await mutate<{ captionJob: { id: string }; track: { muxId: string } }>(
      stack,
      'captionsReplace',
      'captionJob { id } track { muxId }',
      {
        trackId: tracks.aurora.trackId,
        vtt: 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nA solar eclipse darkened the harbour\n',
      },
    );
    expect(payload.userErrors).toEqual([]);
    await waitFor(async () => {
      const { body } = await graphql<{ captionJob: { status: string } }>(
        stack.gateway,
        `query($id: ID!) { captionJob(id: $id) { status } }`,
        { id: payload.captionJob.id },
      );
      return body.data?.captionJob.status === 'COMPLETED';
    });
    // A client reading the asset's transcript is all it takes when no webhook has stored it yet.
    const { body } = await graphql<{ asset: { transcript: { track: { muxId: string } } } }>(
      stack.gateway,
      `query($id: String!) { asset(muxId: $id, fresh: true) { transcript(languageCode: "en") { track { muxId } } } }`,
      { id: tracks.aurora.assetId },
    );
    expect(body.data?.asset.transcript.track.muxId).toBe(payload.track.muxId);
    expect((await hits('aurora')).map((hit) => hit.asset.muxId)).not.toContain(tracks.aurora.assetId);
    expect(await hits('"northern lights"')).toEqual([]);
    expect(await hits('eclipse')).toEqual([
      expect.objectContaining({
        track: { muxId: payload.track.muxId },
        snippet: expect.objectContaining({ html: 'A solar <mark>eclipse</mark> darkened the harbour' }),
      }),
    ]);
  });

  it('drops a track’s hits when trackDelete deletes it', async () => {
    const payload = await mutate<{ deletedTrackId: string }>(stack, 'trackDelete', 'deletedTrackId', {
      trackId: tracks.winter.trackId,
    });
    expect(payload.userErrors).toEqual([]);
    expect(await hits('auroral')).toEqual([]);
    expect((await hits('aurora')).map((hit) => hit.asset.muxId)).toEqual([tracks.spanish.assetId]);
  });

  it('drops a track’s hits when Mux’s webhook tells of a deletion made elsewhere', async () => {
    await stack.mux.video.assets.deleteTrack(tracks.spanish.assetId, tracks.spanish.trackId);
    await waitFor(async () => (await hits('aurora')).length === 0, { description: 'the deleted track’s hits to go' });
    expect(await hits('aurora')).toEqual([]);
    expect(await hits('increible')).toEqual([]);
  });
});
