import type { AssetRow, TrackRow } from '../db/assets.js';
import type { CaptionJobRow } from '../db/caption-jobs.js';
import type { UploadRow } from '../db/uploads.js';

/**
 * JSON with object keys in sorted order (undefined members left out, as JSON.stringify does): equal values, equal text.
 */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Bookkeeping no client sees: when Mux last confirmed or the gateway wrote a row, whether an asset settled, a track's
 * place.
 */
const UNSEEN = new Set(['fetchedAt', 'writtenAt', 'settled', 'position']);

/** What a row tells a client: two rows with the same version say the same thing, however they were built. */
export function stateVersion(row: object): string {
  return stableJson(Object.fromEntries(Object.entries(row).filter(([key]) => !UNSEEN.has(key))));
}

/**
 * What a commit changed, as it now stands. An asset is listed when its row or any of its tracks changed (a
 * client watching an asset sees its tracks); a removed track is listed with status `deleted`.
 */
export interface Changes {
  assets: AssetRow[];
  tracks: TrackRow[];
  jobs: CaptionJobRow[];
  uploads: UploadRow[];
}

export function noChanges(): Changes {
  return { assets: [], tracks: [], jobs: [], uploads: [] };
}

export function isEmpty(changes: Changes): boolean {
  return (
    changes.assets.length === 0 &&
    changes.tracks.length === 0 &&
    changes.jobs.length === 0 &&
    changes.uploads.length === 0
  );
}

/** Rows of one kind as they were before the commit and as they are after it. */
class RowLog<Row extends object> {
  readonly #before = new Map<string, string | undefined>();
  readonly #after = new Map<string, Row>();

  note(key: string, before: Row | undefined, after: Row): void {
    if (!this.#before.has(key)) this.#before.set(key, before ? stateVersion(before) : undefined);
    this.#after.set(key, after);
  }

  changed(): Row[] {
    return [...this.#after].filter(([key, row]) => this.#before.get(key) !== stateVersion(row)).map(([, row]) => row);
  }

  after(key: string): Row | undefined {
    return this.#after.get(key);
  }
}

/** Collects every row a commit looked at, so it reports exactly what changed, each row once. */
export class ChangeLog {
  readonly #assets = new RowLog<AssetRow>();
  readonly #tracks = new RowLog<TrackRow>();
  readonly #jobs = new RowLog<CaptionJobRow>();
  readonly #uploads = new RowLog<UploadRow>();
  /** Assets whose whole state (row, tracks, caption work) the commit applied news to. */
  readonly seenAssetIds = new Set<string>();

  asset(before: AssetRow | undefined, after: AssetRow): void {
    this.seenAssetIds.add(after.muxId);
    this.#assets.note(after.muxId, before, after);
  }

  track(before: TrackRow | undefined, after: TrackRow): void {
    this.#tracks.note(after.muxId, before, after);
  }

  job(before: CaptionJobRow | undefined, after: CaptionJobRow): void {
    this.#jobs.note(after.id, before, after);
  }

  upload(before: UploadRow | undefined, after: UploadRow): void {
    this.#uploads.note(after.muxId, before, after);
  }

  changes(): Changes {
    const tracks = this.#tracks.changed();
    const assets = new Map(this.#assets.changed().map((asset) => [asset.muxId, asset]));
    for (const track of tracks) {
      const asset = this.#assets.after(track.assetId);
      if (asset) assets.set(asset.muxId, asset);
    }
    return { assets: [...assets.values()], tracks, jobs: this.#jobs.changed(), uploads: this.#uploads.changed() };
  }
}
