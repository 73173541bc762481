import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CueSearch } from '../../src/db/search.js';
import type { AssetRow, Store, TrackRow } from '../../src/db/store.js';
import type { TranscriptCue } from '../../src/transcripts/model.js';
import { parseSearchQuery } from '../../src/transcripts/search-query.js';
import { storedAsset, storedTrack } from '../support/rows.js';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores.js';

const asset = storedAsset;
const textTrack = storedTrack;
const cue = (startMs: number, text: string): TranscriptCue => ({ startMs, endMs: startMs + 2000, text, speaker: null });

describe.each(STORE_KINDS)('the transcript store and its search index on %s', (kind) => {
  let opened: TestStore;
  let store: Store;
  const search = (query: string, options: Partial<CueSearch> = {}) =>
    store.search.cues({ query: parseSearchQuery(query), limit: 50, ...options });
  const trackIds = async (query: string, options: Partial<CueSearch> = {}) =>
    (await search(query, options)).map((hit) => hit.trackId);
  const saveAsset = (row: AssetRow, tracks: TrackRow[]) =>
    store.transaction(async (tx) => {
      await tx.assets.upsert(row);
      await tx.tracks.replaceOfAsset(row.muxId, tracks);
    });
  const saveTranscript = (trackId: string, assetId: string, cues: TranscriptCue[], languageCode = 'en') =>
    store.transaction((tx) =>
      tx.transcripts.save(
        {
          id: trackId,
          assetId,
          trackId,
          languageCode,
          source: 'text_track',
          cueCount: cues.length,
          wordCount: 0,
          capturedAt: Date.now(),
        },
        cues,
      ),
    );
  beforeEach(async () => {
    opened = await openTestStore(kind);
    store = opened.store;
    await saveAsset(asset('asset-a'), [textTrack('track-a', 'asset-a'), textTrack('track-a-fr', 'asset-a', 'fr')]);
    await saveAsset(asset('asset-b'), [textTrack('track-b', 'asset-b')]);
    await saveTranscript('track-a', 'asset-a', [
      cue(0, 'The aurora aurora lit the sky'),
      cue(2000, 'We walked home in the snow'),
    ]);
    await saveTranscript('track-a-fr', 'asset-a', [cue(0, 'Une aurore boréale éclatante')], 'fr');
    await saveTranscript('track-b', 'asset-b', [
      cue(0, 'An aurora appeared briefly above the long dark winter valley near the town'),
      cue(5000, 'northern lights, they said'),
    ]);
  });
  afterEach(() => opened.close());

  it('ranks the closer match first, highlights matches and folds diacritics', async () => {
    const hits = await search('aurora');
    expect(hits.map((hit) => hit.trackId)).toEqual(['track-a', 'track-b']);
    expect(hits[0]?.score).toBeLessThan(hits[1]?.score ?? 0);
    expect(hits[0]?.snippet).toBe('The \uE000aurora\uE001 \uE000aurora\uE001 lit the sky');
    expect(await trackIds('boreale')).toEqual(['track-a-fr']);
  });

  it('filters by language and by asset', async () => {
    expect(await trackIds('aurora OR aurore', { languageCode: 'fr' })).toEqual(['track-a-fr']);
    expect(await trackIds('aurora', { assetIds: ['asset-b'] })).toEqual(['track-b']);
    expect(await search('aurora', { assetIds: [] })).toEqual([]);
  });

  it('pages by keyset without repeating or skipping a hit', async () => {
    const all = await search('the');
    const first = await search('the', { limit: 2 });
    const last = first.at(-1);
    const rest = await search('the', { after: last ? { score: last.score, cueId: last.cueId } : undefined });
    expect([...first, ...rest].map((hit) => hit.cueId)).toEqual(all.map((hit) => hit.cueId));
  });

  it('follows a transcript that is replaced: old cues leave the index, new ones enter it', async () => {
    await saveTranscript('track-b', 'asset-b', [cue(0, 'Completely different words now')]);
    expect(await trackIds('aurora')).toEqual(['track-a']);
    expect(await trackIds('different')).toEqual(['track-b']);
  });

  it('forgets the transcript of a track that goes, is deleted or errors, or of a deleted asset', async () => {
    await saveAsset(asset('asset-b'), []);
    expect(await trackIds('aurora')).toEqual(['track-a']);
    expect((await store.transcripts.byIds(['track-b'])).size).toBe(0);
    await saveAsset(asset('asset-a'), [
      { ...textTrack('track-a', 'asset-a'), status: 'errored' },
      textTrack('track-a-fr', 'asset-a', 'fr'),
    ]);
    expect(await search('aurora')).toEqual([]);
    await store.transaction((tx) => tx.assets.upsert(asset('asset-a', true)));
    expect(await search('boreale')).toEqual([]);
    for (const trackId of ['track-a', 'track-a-fr', 'track-b'])
      expect(await store.transcripts.cues(trackId)).toEqual([]);
  });

  it('relabels a transcript whose track changes language, without reading it again', async () => {
    await saveAsset(asset('asset-b'), [textTrack('track-b', 'asset-b', 'en-GB')]);
    expect(await trackIds('aurora', { languageCode: 'en-GB' })).toEqual(['track-b']);
    expect(await store.transcripts.cues('track-b')).toHaveLength(2);
  });

  it('numbers cues by their place in the transcript, in reads of a stretch and in search hits', async () => {
    expect((await store.transcripts.cues('track-b', { fromMs: 4000 })).map((row) => row.position)).toEqual([1]);
    expect((await search('northern')).map((hit) => [hit.trackId, hit.position])).toEqual([['track-b', 1]]);
    expect((await search('snow')).map((hit) => [hit.trackId, hit.position])).toEqual([['track-a', 1]]);
    expect((await search('aurora')).map((hit) => hit.position)).toEqual([0, 0]);
  });

  it('reads cues overlapping a time range', async () => {
    const starts = async (range: { fromMs?: number; toMs?: number }) =>
      (await store.transcripts.cues('track-b', range)).map((row) => row.startMs);
    expect(await starts({ fromMs: 1000, toMs: 5001 })).toEqual([0, 5000]);
    expect(await starts({ fromMs: 2000 })).toEqual([5000]);
    expect(await starts({ toMs: 5000 })).toEqual([0]);
  });

  it.each([
    ['"northern lights"', ['track-b']],
    ['"lights northern"', []],
    ['nort*', ['track-b']],
    ['aurora -sky', ['track-b']],
    ['(walked OR lights) NOT snow', ['track-b']],
    ['sky AND aurora', ['track-a']],
    ['eclatante', ['track-a-fr']],
    ['aurora: sky!', ['track-a']],
  ])('answers %s as the query language says', async (query, expected) => {
    expect(await trackIds(query)).toEqual(expected);
  });
});
