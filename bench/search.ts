// Transcript search benchmark: indexing time per transcript and transcriptSearch latency.
//   npx tsx bench/search.ts [--transcripts 500] [--duration 300] [--runs 50]
// Makes the transcripts as Mux would (assets with generated captions of --duration seconds, through the official
// SDK), captures each with the gateway's own capture hook, then times searches through GraphQL and, for
// comparison, the search function alone (no HTTP, no GraphQL).
import Database from 'better-sqlite3';
import { fts5Expression } from '../src/db/search.js';
import type { TrackRow } from '../src/db/store.js';
import { searchTranscripts, transcriptOfTrack } from '../src/resolvers/transcripts.js';
import { parseSearchQuery } from '../src/transcripts/search-query.js';
import { authorization, graphql, type Stack, startStack } from '../test/support/stack.js';
import { upstreamCalls } from '../test/support/upstream.js';
import { waitFor } from '../test/support/wait.js';
import { createCaptionedAssets, intFlags, log, ms, percentile, printTable, timed } from './lib.js';

const flags = intFlags({ transcripts: 500, duration: 300, runs: 50 });
const PAGE = 20;
/** Transcripts whose store + index step is timed again on its own (a copy, removed right after). */
const INDEX_SAMPLE = 50;

const SEARCH = `query Search($query: String!, $first: Int!) {
  transcriptSearch(query: $query, first: $first) {
    edges {
      cursor
      node {
        start end text speaker languageCode relevance
        snippet { text html highlights { start end } }
        asset { muxId }
        track { muxId }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Every asset is ready at Mux with its generated text track ready (asked through the SDK, 100 a page). */
async function readyAtMux(stack: Stack, count: number): Promise<boolean> {
  let ready = 0;
  for await (const asset of stack.mux.video.assets.list({ limit: 100 })) {
    if (asset.status === 'ready' && asset.tracks?.some((track) => track.type === 'text' && track.status === 'ready'))
      ready += 1;
  }
  return ready >= count;
}

/** Cue counts per indexed term, read with FTS5's own vocabulary table on a separate connection. */
function termCounts(databasePath: string): { term: string; cues: number }[] {
  const sqlite = new Database(databasePath);
  try {
    sqlite.exec(`CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab(main, 'transcript_cue_index', 'row')`);
    return sqlite.prepare('SELECT term, doc AS cues FROM temp.bench_vocab').all() as { term: string; cues: number }[];
  } finally {
    sqlite.close();
  }
}

/** How many cues an FTS5 expression matches, read straight from the index. */
function countMatches(databasePath: string, match: string): number {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    const row = sqlite
      .prepare('SELECT count(*) AS n FROM transcript_cue_index WHERE transcript_cue_index MATCH ?')
      .get(match) as { n: number } | undefined;
    return row?.n ?? 0;
  } finally {
    sqlite.close();
  }
}

async function main(): Promise<void> {
  const stack = await startStack();
  const { services } = stack.gateway;
  try {
    // Without webhooks the gateway captures nothing by itself, so every capture below is one this script times.
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    log(
      `making ${flags.transcripts} assets with generated English captions of ${flags.duration} s through the SDK ` +
        `(webhooks off)`,
    );
    const created = await timed(() =>
      createCaptionedAssets(stack.mux, flags.transcripts, {
        durationSeconds: flags.duration,
        concurrency: 8,
        prefix: 'bench-search',
      }),
    );
    const ids = created.value;
    const ready = await timed(() =>
      waitFor(() => readyAtMux(stack, ids.length), {
        timeoutMs: 120_000,
        intervalMs: 250,
        description: 'captions to be ready at Mux',
      }),
    );
    // One listing puts every asset and track in the cache, so captures below read only the stream host.
    const listing = await timed(() =>
      graphql<{ assetIndexRefresh: number }>(
        stack.gateway,
        'mutation { assetIndexRefresh }',
        {},
        authorization('admin'),
      ),
    );
    log(
      `created in ${ms(created.ms)} ms, ready at Mux ${ms(ready.ms)} ms later, gateway listed ` +
        `${listing.value.body.data?.assetIndexRefresh ?? '?'} assets in ${ms(listing.ms)} ms`,
    );

    const tracksByAsset = await services.store.tracks.byAssetIds(ids);
    const textTracks = ids.map((id) =>
      (tracksByAsset.get(id) ?? []).find((track) => track.type === 'text' && track.status === 'ready'),
    );
    if (textTracks.some((track) => track === undefined))
      throw new Error('an asset has no ready text track in the gateway cache');

    // Indexing, end to end: download the WebVTT from the stream host, parse, store, FTS5 index (one at a time).
    const captureCalls = upstreamCalls(stack.simulator);
    const capture: number[] = [];
    const captureAll = await timed(async () => {
      for (const track of textTracks as TrackRow[]) {
        const { ms: took, value: transcript } = await timed(() => transcriptOfTrack(services, track));
        if (!transcript) throw new Error(`track ${track.muxId} was not captured`);
        capture.push(took);
      }
    });
    const stored = [...(await services.store.transcripts.byAssetIds(ids)).values()].flat();
    const cues = stored.reduce((sum, row) => sum + row.cueCount, 0);
    const words = stored.reduce((sum, row) => sum + row.wordCount, 0);

    // Store + index alone, on copies of a sample (under a scratch id, deleted again right away).
    const storeOnly: number[] = [];
    for (const row of stored.slice(0, INDEX_SAMPLE)) {
      const rowCues = await services.store.transcripts.cues(row.id);
      const copyId = `bench-copy-${row.id}`;
      const copy = { ...row, id: copyId, trackId: copyId, capturedAt: Date.now(), words: null };
      const { ms: took } = await timed(() => services.store.transaction((tx) => tx.transcripts.save(copy, rowCues)));
      storeOnly.push(took);
      await services.store.transaction((tx) => tx.transcripts.deleteOfTrack(copyId));
    }
    printTable(
      `indexing ${stored.length} transcripts (${flags.duration} s each; ${cues} cues, ${words} words in all)`,
      [
        {
          step: 'capture (download+parse+store+index)',
          transcripts: capture.length,
          'mean ms': ms(captureAll.ms / capture.length),
          'p50 ms': ms(percentile(capture, 50)),
          'p95 ms': ms(percentile(capture, 95)),
          'max ms': ms(Math.max(...capture)),
          'total s': (captureAll.ms / 1000).toFixed(2),
          'Mux calls': captureCalls().length,
        },
        {
          step: 'store+index only (sample)',
          transcripts: storeOnly.length,
          'mean ms': ms(storeOnly.reduce((a, b) => a + b, 0) / storeOnly.length),
          'p50 ms': ms(percentile(storeOnly, 50)),
          'p95 ms': ms(percentile(storeOnly, 95)),
          'max ms': ms(Math.max(...storeOnly)),
          'total s': '-',
          'Mux calls': 0,
        },
      ],
    );

    // The common and rare words come from the index itself; the others are words the English scripts use.
    const terms = termCounts(stack.databasePath).filter((entry) => /^[a-z]{3,}$/.test(entry.term));
    const byCues = [...terms].sort((a, b) => b.cues - a.cues || a.term.localeCompare(b.term));
    const common = byCues[0]?.term ?? 'the';
    const rare = byCues.at(-1)?.term ?? 'titration';
    const queries: [string, string][] = [
      ['common word', common],
      ['prefix', 'capt*'],
      ['phrase', '"spicy noodles"'],
      ['OR', 'gochujang OR titration'],
      ['rare word', rare],
    ];

    const rows: Record<string, string | number>[] = [];
    for (const [kind, query] of queries) {
      const match = fts5Expression(parseSearchQuery(query));
      const matching = countMatches(stack.databasePath, match);
      // warm-up, not counted
      for (let i = 0; i < 5; i += 1) await graphql(stack.gateway, SEARCH, { query, first: PAGE });
      const calls = upstreamCalls(stack.simulator);
      const latencies: number[] = [];
      let errors = 0;
      let returned = 0;
      for (let i = 0; i < flags.runs; i += 1) {
        const { ms: took, value } = await timed(() =>
          graphql<{ transcriptSearch: { edges: unknown[] } }>(stack.gateway, SEARCH, { query, first: PAGE }),
        );
        latencies.push(took);
        if (value.status !== 200 || value.body.errors) errors += 1;
        returned = value.body.data?.transcriptSearch.edges.length ?? 0;
      }
      const direct: number[] = [];
      for (let i = 0; i < flags.runs; i += 1)
        direct.push((await timed(async () => searchTranscripts(services, { query, limit: PAGE + 1 }))).ms);
      rows.push({
        kind,
        query,
        'matching cues': matching,
        hits: returned,
        'p50 ms': ms(percentile(latencies, 50)),
        'p95 ms': ms(percentile(latencies, 95)),
        'fn p50': ms(percentile(direct, 50)),
        'fn p95': ms(percentile(direct, 95)),
        errors,
        'Mux calls': calls().length,
      });
    }
    printTable(
      `transcriptSearch(first: ${PAGE}) over ${stored.length} transcripts / ${cues} cues, ${flags.runs} sequential ` +
        `runs each (p50/p95: GraphQL over HTTP; fn: searchTranscripts alone)`,
      rows,
    );
  } finally {
    await stack.close();
  }
}

await main();
