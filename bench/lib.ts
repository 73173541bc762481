// Shared helpers for the benchmark scripts in bench/. They print numbers; they assert nothing about speed.

import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type Mux from '@mux/mux-node';
import type { Simulator } from '../src/sim/index.js';

/** Reads positive integer flags (`--assets 50` or `--assets=50`), each with its default. */
export function intFlags<K extends string>(defaults: Record<K, number>): Record<K, number> {
  const names = Object.keys(defaults) as K[];
  const { values } = parseArgs({
    options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const result = { ...defaults };
  for (const name of names) {
    const raw = (values as Record<string, string | undefined>)[name];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name} must be a positive integer, not ${JSON.stringify(raw)}`);
    result[name] = value;
  }
  return result;
}

/** Milliseconds taken by `run`, and what it returned. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

/** Nearest-rank percentile (p in 0..100) of a sample. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** Runs `work(index)` for index 0..count-1 with at most `concurrency` at a time. */
export async function inPool(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Runs `request` from `clients` concurrent loops until `seconds` are up; returns completed requests and failures. */
export async function closedLoop(
  clients: number,
  seconds: number,
  request: (client: number, iteration: number) => Promise<boolean>,
): Promise<{ completed: number; failed: number; elapsedMs: number }> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let completed = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let iteration = 0; performance.now() < deadline; iteration += 1) {
        if (await request(client, iteration)) completed += 1;
        else failed += 1;
      }
    }),
  );
  return { completed, failed, elapsedMs: performance.now() - start };
}

/** Prints rows as an aligned table (numbers right-aligned). */
export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  const cell = (row: Record<string, string | number>, column: string) => String(row[column] ?? '');
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row, column).length)));
  const line = (values: string[], numeric: boolean[]) =>
    values
      .map((value, index) => (numeric[index] ? value.padStart(widths[index] ?? 0) : value.padEnd(widths[index] ?? 0)))
      .join('  ');
  const numeric = columns.map((column) =>
    rows.every((row) => typeof row[column] === 'number' || /^[-\d.,]+$/.test(cell(row, column))),
  );
  console.log(line(columns, numeric));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows)
    console.log(
      line(
        columns.map((column) => cell(row, column)),
        numeric,
      ),
    );
}

/**
 * Creates `count` assets with auto-generated English captions through the official SDK, `concurrency` at a
 * time, and returns their ids in creation order.
 */
export async function createCaptionedAssets(
  mux: Mux,
  count: number,
  options: { durationSeconds: number; concurrency: number; prefix: string },
): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  await inPool(count, options.concurrency, async (index) => {
    const asset = await mux.video.assets.create({
      inputs: [
        {
          url: `https://example.com/${options.prefix}/${index}.mp4?duration=${options.durationSeconds}`,
          generated_subtitles: [{ language_code: 'en', name: 'English CC' }],
        },
      ],
      playback_policies: ['public'],
      meta: { title: `${options.prefix} ${index}` },
    });
    ids[index] = asset.id;
  });
  return ids;
}

export function log(message: string): void {
  console.log(`# ${message}`);
}

/** The settings that point a gateway process at a simulator running in the benchmark's own process. */
export function muxAtSimulator(simulator: Simulator): Record<string, string> {
  const { tokenId, tokenSecret, webhookSecret } = simulator.context.options;
  return {
    MUX_TOKEN_ID: tokenId,
    MUX_TOKEN_SECRET: tokenSecret,
    MUX_BASE_URL: simulator.apiUrl,
    MUX_STREAM_BASE_URL: simulator.streamUrl,
    MUX_WEBHOOK_SECRET: webhookSecret,
  };
}
