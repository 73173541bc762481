import { randomUUID } from 'node:crypto';
import type { Track } from '@mux/mux-node/resources/video/assets';
import type { z } from 'zod';
import type { GatewayServices } from '../../context.js';
import { type AssetRow, appendTrackRows, type TrackRow } from '../../db/assets.js';
import type { CaptionJobRow } from '../../db/caption-jobs.js';
import { saveJobForward } from '../../events/apply-job.js';
import { publishCaptionJob } from '../../events/pubsub.js';
import { toUpstreamError, UpstreamError } from '../../mux/errors.js';
import { CAPTION_LANGUAGES } from '../../mux/languages.js';
import { loadAssets, loadTracks, tracksOfAssets } from '../assets.js';
import { NotFoundError } from '../read-through.js';
import { trackRecord } from '../records.js';
import { RequestCache } from '../request-cache.js';
import {
  failed,
  type MutationOutcome,
  type UserError,
  upstreamUserError,
  validationErrors,
  type Warning,
} from './outcome.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; outcome: MutationOutcome };

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, outcome: failed(...validationErrors(parsed.error)) };
}

/** Runs the Mux side of a mutation; Mux's refusals and outages become user errors, never exceptions. */
export async function withMux(run: () => Promise<MutationOutcome>): Promise<MutationOutcome> {
  try {
    return await run();
  } catch (thrown) {
    const error = thrown instanceof UpstreamError ? thrown : toUpstreamError(thrown);
    return failed(upstreamUserError(error));
  }
}

/** Creating calls are not retried by the SDK: Mux has no idempotency key, and a retry could create twice. */
export const NO_RETRY = { maxRetries: 0 } as const;

export function betaLanguageWarnings(
  codes: readonly (string | undefined)[],
  field: (index: number) => string[],
): Warning[] {
  return codes.flatMap((code, index) => {
    const language = CAPTION_LANGUAGES.find((candidate) => candidate.code === code);
    return language?.stability === 'beta'
      ? [
          {
            code: 'beta_language' as const,
            message: `${language.name} (${language.code}) is in beta at Mux and may be less accurate.`,
            field: field(index),
          },
        ]
      : [];
  });
}

export function newJob(fields: Pick<CaptionJobRow, 'kind' | 'status'> & Partial<CaptionJobRow>): CaptionJobRow {
  const now = Date.now();
  return {
    id: `job_${randomUUID()}`,
    assetId: null,
    uploadId: null,
    trackId: null,
    languageCode: null,
    muxJobId: null,
    muxWorkflow: null,
    requestedAt: now,
    startedAt: fields.status === 'pending' ? null : now,
    finishedAt: null,
    unitsConsumed: null,
    errors: null,
    sourceTrackId: null,
    replacedTrackId: null,
    parameters: null,
    fetchedAt: now,
    ...fields,
  };
}

/** Tracks Mux just created are known at once, without reading their asset again. */
export function storeCreatedTracks(services: GatewayServices, assetId: string, created: readonly Track[]): void {
  appendTrackRows(
    services.db,
    created.map((track) => trackRecord(assetId, track)),
  );
}

/** A webhook about the job can arrive before Mux's answer is handled: its later status is kept. */
export function recordJobs(services: GatewayServices, jobs: readonly CaptionJobRow[]): string[] {
  const stored = services.db.transaction(() => jobs.map((job) => saveJobForward(services.db, job)));
  for (const job of stored) publishCaptionJob(services.pubsub, job);
  return stored.map((job) => job.id);
}

function forceFreshCache(): RequestCache {
  const cache = new RequestCache();
  cache.forceFresh = true;
  return cache;
}

type Found<T> = { ok: true; value: T } | { ok: false; error: UserError };

function lookupFailure(error: Error, field: string[]): UserError {
  if (error instanceof NotFoundError) {
    return {
      kind: 'not_found',
      message: `No ${error.resource} with id ${error.id}.`,
      field,
      resource: error.resource,
      id: error.id,
    };
  }
  if (error instanceof UpstreamError) return { ...upstreamUserError(error), field };
  throw error;
}

export async function findAsset(
  services: GatewayServices,
  cache: RequestCache,
  assetId: string,
  field: string[],
): Promise<Found<AssetRow>> {
  const [row] = await loadAssets(services, cache, [assetId]);
  if (!row || row instanceof Error)
    return { ok: false, error: lookupFailure(row ?? new NotFoundError('asset', assetId), field) };
  return { ok: true, value: row };
}

export async function findReadyAsset(
  services: GatewayServices,
  cache: RequestCache,
  assetId: string,
  field: string[],
): Promise<Found<AssetRow>> {
  let found = await findAsset(services, cache, assetId, field);
  // A cached "preparing" may be a moment old: Mux is asked before a request is refused for it.
  if (found.ok && found.value.status === 'preparing')
    found = await findAsset(services, forceFreshCache(), assetId, field);
  if (found.ok && found.value.status !== 'ready') {
    return {
      ok: false,
      error: {
        kind: 'precondition',
        reason: 'asset_not_ready',
        message: `The asset is ${found.value.status}; caption work needs a ready asset.`,
        field,
      },
    };
  }
  return found;
}

export async function findTrack(
  services: GatewayServices,
  cache: RequestCache,
  trackId: string,
  field: string[],
): Promise<Found<TrackRow>> {
  const [row] = await loadTracks(services, cache, [trackId]);
  if (!row || row instanceof Error)
    return { ok: false, error: lookupFailure(row ?? new NotFoundError('track', trackId), field) };
  return { ok: true, value: row };
}

export async function findReadyTextTrack(
  services: GatewayServices,
  cache: RequestCache,
  trackId: string,
  field: string[],
): Promise<Found<TrackRow>> {
  let found = await findTrack(services, cache, trackId, field);
  if (found.ok && found.value.status === 'preparing')
    found = await findTrack(services, forceFreshCache(), trackId, field);
  if (!found.ok) return found;
  if (found.value.type !== 'text' || found.value.status !== 'ready') {
    return {
      ok: false,
      error: {
        kind: 'precondition',
        reason: 'not_a_ready_text_track',
        message: `The track is a ${found.value.status} ${found.value.type} track; this needs a ready text track.`,
        field,
      },
    };
  }
  return found;
}

/** A text track in the language already there, other than the one being worked on. */
export function textTrackInLanguage(
  services: GatewayServices,
  assetId: string,
  languageCode: string,
  except?: string,
): TrackRow | undefined {
  return tracksOfAssets(services, [assetId])
    .get(assetId)
    ?.find(
      (track) =>
        track.type === 'text' &&
        track.languageCode === languageCode &&
        track.status !== 'deleted' &&
        track.status !== 'errored' &&
        track.muxId !== except,
    );
}

export function languageConflict(track: TrackRow, field: string[], remedy: string): UserError {
  return {
    kind: 'conflict',
    message: `The asset already has a ${track.languageCode} text track ("${track.name ?? track.muxId}", ${track.muxId}); ${remedy}.`,
    field,
    trackId: track.muxId,
  };
}
