import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NewTrackRow, saveAsset } from '../../src/db/assets.js';
import { type DbHandle, openDatabase } from '../../src/db/client.js';
import { type CueSearch, FullTextQueryError, searchCues } from '../../src/db/search.js';
import { saveTranscript, transcriptCueRows, transcriptRowsById } from '../../src/db/transcripts.js';
import { forgetAsset } from '../../src/events/apply-asset.js';
import type { TranscriptCue } from '../../src/transcripts/model.js';
import { toFtsQuery } from '../../src/transcripts/search-query.js';

const asset = (muxId: string) => ({
  muxId,
  status: 'ready' as const,
  createdAt: 1,
  playbackIds: [],
  settled: true,
  fetchedAt: Date.now(),
});
const textTrack = (muxId: string, assetId: string, languageCode = 'en'): NewTrackRow => ({
  muxId,
  assetId,
  type: 'text',
  languageCode,
  status: 'ready',
  position: 0,
});
const cue = (startMs: number, text: string): TranscriptCue => ({ startMs, endMs: startMs + 2000, text, speaker: null });

describe('the transcript store and its search index', () => {
  let handle: DbHandle;
  const search = (query: string, options: Partial<CueSearch> = {}) =>
    searchCues(handle.db, { match: toFtsQuery(query), limit: 50, ...options });
  const store = (trackId: string, assetId: string, cues: TranscriptCue[], languageCode = 'en') =>
    saveTranscript(
      handle.db,
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
    );

  beforeEach(() => {
    handle = openDatabase(':memory:');
    saveAsset(handle.db, asset('asset-a'), [textTrack('track-a', 'asset-a'), textTrack('track-a-fr', 'asset-a', 'fr')]);
    saveAsset(handle.db, asset('asset-b'), [textTrack('track-b', 'asset-b')]);
    store('track-a', 'asset-a', [cue(0, 'The aurora aurora lit the sky'), cue(2000, 'We walked home in the snow')]);
    store('track-a-fr', 'asset-a', [cue(0, 'Une aurore boréale éclatante')], 'fr');
    store('track-b', 'asset-b', [
      cue(0, 'An aurora appeared briefly above the long dark winter valley near the town'),
      cue(5000, 'northern lights, they said'),
    ]);
  });
  afterEach(() => handle.close());

  it('ranks by bm25, highlights matches and folds diacritics', () => {
    const hits = search('aurora');
    expect(hits.map((hit) => hit.trackId)).toEqual(['track-a', 'track-b']);
    expect(hits[0]?.score).toBeLessThan(hits[1]?.score ?? 0);
    expect(hits[0]?.snippet).toBe('The \uE000aurora\uE001 \uE000aurora\uE001 lit the sky');
    expect(search('boreale').map((hit) => hit.trackId)).toEqual(['track-a-fr']);
  });

  it('filters by language and by asset', () => {
    expect(search('aurora OR aurore', { languageCode: 'fr' }).map((hit) => hit.trackId)).toEqual(['track-a-fr']);
    expect(search('aurora', { assetIds: ['asset-b'] }).map((hit) => hit.trackId)).toEqual(['track-b']);
    expect(search('aurora', { assetIds: [] })).toEqual([]);
  });

  it('pages by keyset without repeating or skipping a hit', () => {
    const all = search('the');
    const first = search('the', { limit: 2 });
    const last = first.at(-1);
    const rest = search('the', { after: last ? { score: last.score, cueId: last.cueId } : undefined });
    expect([...first, ...rest].map((hit) => hit.cueId)).toEqual(all.map((hit) => hit.cueId));
  });

  it('follows a transcript that is replaced: old cues leave the index, new ones enter it', () => {
    store('track-b', 'asset-b', [cue(0, 'Completely different words now')]);
    expect(search('aurora').map((hit) => hit.trackId)).toEqual(['track-a']);
    expect(search('different').map((hit) => hit.trackId)).toEqual(['track-b']);
  });

  it('forgets the transcript of a track that leaves the cache, is deleted or errors, and of a deleted asset', () => {
    saveAsset(handle.db, asset('asset-b'), []);
    expect(search('aurora').map((hit) => hit.trackId)).toEqual(['track-a']);
    expect(transcriptRowsById(handle.db, ['track-b']).size).toBe(0);
    saveAsset(handle.db, asset('asset-a'), [
      { ...textTrack('track-a', 'asset-a'), status: 'errored' },
      textTrack('track-a-fr', 'asset-a', 'fr'),
    ]);
    expect(search('aurora')).toEqual([]);
    forgetAsset(handle.db, 'asset-a', Date.now());
    expect(search('boreale')).toEqual([]);
    expect(handle.sqlite.prepare('SELECT count(*) AS n FROM transcript_cues').get()).toEqual({ n: 0 });
    expect(() =>
      handle.sqlite.prepare("INSERT INTO transcript_cue_index(transcript_cue_index) VALUES ('integrity-check')").run(),
    ).not.toThrow();
  });

  it('relabels a transcript whose track changes language, without reading it again', () => {
    saveAsset(handle.db, asset('asset-b'), [textTrack('track-b', 'asset-b', 'en-GB')]);
    expect(search('aurora', { languageCode: 'en-GB' }).map((hit) => hit.trackId)).toEqual(['track-b']);
    expect(transcriptCueRows(handle.db, 'track-b')).toHaveLength(2);
  });

  it('reads cues overlapping a time range', () => {
    expect(transcriptCueRows(handle.db, 'track-b', { fromMs: 1000, toMs: 5001 }).map((row) => row.startMs)).toEqual([
      0, 5000,
    ]);
    expect(transcriptCueRows(handle.db, 'track-b', { fromMs: 2000 }).map((row) => row.startMs)).toEqual([5000]);
    expect(transcriptCueRows(handle.db, 'track-b', { toMs: 5000 }).map((row) => row.startMs)).toEqual([0]);
  });

  it('reports what FTS5 refuses as a FullTextQueryError, never a raw SQLite error', () => {
    expect(() => searchCues(handle.db, { match: '"unterminated', limit: 5 })).toThrow(FullTextQueryError);
    expect(() => searchCues(handle.db, { match: 'NOT x', limit: 5 })).toThrow(FullTextQueryError);
  });
});
