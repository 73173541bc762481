import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Track } from '@mux/mux-node/resources/video/assets';
import type { GatewayServices } from '../../context.js';
import type { TrackRow } from '../../db/assets.js';
import { deleteCaptionFile, saveCaptionFile } from '../../db/caption-files.js';
import { type CaptionJobRow, captionJobRowsById, listCaptionJobRows } from '../../db/caption-jobs.js';
import { saveJobForward } from '../../events/apply-job.js';
import { publishCaptionJob } from '../../events/pubsub.js';
import { toUpstreamError } from '../../mux/errors.js';
import { TRANSCRIPT_LIMITS, type TranscriptCue } from '../../transcripts/model.js';
import { CaptionSourceError, parseCaptions } from '../../transcripts/parse.js';
import { toWebVtt } from '../../transcripts/render.js';
import { cleanCueText, cleanLabel } from '../../transcripts/sanitize.js';
import { storeAsset } from '../assets.js';
import type { RequestCache } from '../request-cache.js';
import { findReadyTextTrack, NO_RETRY, newJob, parseInput, recordJobs, storeCreatedTracks, withMux } from './common.js';
import { captionsReplaceInput } from './inputs.js';
import { failed, type MutationOutcome } from './outcome.js';

/** How long Mux gets to make the new track ready before the replacement is given up (old track kept). */
const READY_TIMEOUT_MS = 15 * 60_000;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 5_000;

interface ReplacementPlan {
  jobId: string;
  assetId: string;
  oldTrackId: string;
  newTrackId: string;
  name: string | null;
  fileId: string | null;
}

interface ReplacementParameters {
  name?: string | null;
  fileId?: string;
}

function planOf(job: CaptionJobRow): ReplacementPlan | undefined {
  const parameters = (job.parameters ?? {}) as ReplacementParameters;
  if (!job.assetId || !job.sourceTrackId || !job.trackId) return undefined;
  return {
    jobId: job.id,
    assetId: job.assetId,
    oldTrackId: job.sourceTrackId,
    newTrackId: job.trackId,
    name: parameters.name ?? null,
    fileId: parameters.fileId ?? null,
  };
}

/** Ends the job and takes the edited file down: Mux has fetched it, or will not need it any more. */
function finish(services: GatewayServices, plan: ReplacementPlan, change: Partial<CaptionJobRow>): void {
  const job = captionJobRowsById(services.db, [plan.jobId]).get(plan.jobId);
  if (!job) return;
  const now = Date.now();
  const finished = services.db.transaction(() => {
    if (plan.fileId) deleteCaptionFile(services.db, plan.fileId);
    return saveJobForward(services.db, { ...job, ...change, finishedAt: now, fetchedAt: now });
  });
  publishCaptionJob(services.pubsub, finished);
}

const failure = (message: string) => ({
  status: 'errored' as const,
  errors: [{ type: 'replacement_failed', message, retryable: true }],
});

async function newTrackState(services: GatewayServices, plan: ReplacementPlan): Promise<Track | undefined> {
  const askedAt = Date.now();
  const asset = await services.mux.video.assets.retrieve(plan.assetId);
  storeAsset(services, asset, askedAt);
  return asset.tracks?.find((track) => track.id === plan.newTrackId);
}

/** Polls Mux until the new track is ready; otherwise says why it will not be. Passing outages are waited out. */
async function waitForNewTrack(
  services: GatewayServices,
  plan: ReplacementPlan,
  signal: AbortSignal,
): Promise<'ready' | string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let delay = FIRST_POLL_MS;
  for (;;) {
    signal.throwIfAborted();
    let answered = true;
    let track: Track | undefined;
    try {
      track = await newTrackState(services, plan);
    } catch (error) {
      if (!toUpstreamError(error).retryable) throw error;
      answered = false;
    }
    if (answered && track?.status === 'ready') return 'ready';
    if (answered && (!track || track.status === 'deleted')) return 'the new track disappeared';
    if (answered && track?.status === 'errored') return 'Mux could not process the edited captions';
    if (Date.now() > deadline) return 'the new track did not become ready in time';
    await sleep(delay, undefined, { signal });
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}

/** A 404 means the track is already gone, which is what deleting it was for (a resumed replacement). */
async function deleteTrackIfPresent(services: GatewayServices, assetId: string, trackId: string): Promise<void> {
  try {
    await services.mux.video.assets.deleteTrack(assetId, trackId);
  } catch (error) {
    if (toUpstreamError(error).failure.kind !== 'not_found') throw error;
  }
}

/**
 * Waits for the new track, then retires the old one, so the asset always has captions in the language:
 * the old track goes only once its replacement is ready, and stays when the replacement fails.
 */
async function completeReplacement(
  services: GatewayServices,
  plan: ReplacementPlan,
  signal: AbortSignal,
): Promise<void> {
  const outcome = await waitForNewTrack(services, plan, signal);
  if (outcome !== 'ready') {
    await deleteTrackIfPresent(services, plan.assetId, plan.newTrackId).catch(() => undefined);
    finish(services, plan, failure(`${outcome}; the original track was kept.`));
    return;
  }
  try {
    await deleteTrackIfPresent(services, plan.assetId, plan.oldTrackId);
  } catch (error) {
    services.logger.warn('caption replacement could not remove the original track', {
      jobId: plan.jobId,
      reason: toUpstreamError(error).message,
    });
    finish(
      services,
      plan,
      failure(
        'The new track is ready, but Mux did not remove the original, so the asset has both; delete one with trackDelete.',
      ),
    );
    return;
  }
  // From here the new track is the asset's captions; a failed rename or re-read does not undo that.
  try {
    if (plan.name) await services.mux.video.assets.updateTrack(plan.assetId, plan.newTrackId, { name: plan.name });
    const askedAt = Date.now();
    storeAsset(services, await services.mux.video.assets.retrieve(plan.assetId), askedAt);
  } catch (error) {
    services.logger.warn('caption replacement could not rename the new track', {
      jobId: plan.jobId,
      reason: toUpstreamError(error).message,
    });
  }
  finish(services, plan, { status: 'completed', replacedTrackId: plan.oldTrackId });
}

/** Stopped with the gateway; a replacement cut short is picked up again by `resumeReplacements` at start. */
function runInBackground(services: GatewayServices, plan: ReplacementPlan): void {
  services.background.run(
    (signal) => completeReplacement(services, plan, signal),
    (error) => {
      services.logger.error('caption replacement failed', {
        jobId: plan.jobId,
        reason: error instanceof Error ? error.message : String(error),
      });
      finish(services, plan, failure('Mux stopped answering about the new track; the original track was kept.'));
    },
  );
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

type ReplacementSource = {
  vtt?: string | undefined;
  cues?: { startSeconds: number; endSeconds: number; text: string; speaker?: string | undefined }[] | undefined;
};

/**
 * The edited captions, parsed and written out again as clean WebVTT: what Mux fetches is what the gateway
 * checked (invisible characters stripped, sizes bounded), never the client's bytes as sent.
 */
async function replacementVtt(input: ReplacementSource): Promise<string | undefined> {
  const cues: TranscriptCue[] = input.cues
    ? input.cues.map((cue) => ({
        startMs: Math.round(cue.startSeconds * 1000),
        endMs: Math.round(cue.endSeconds * 1000),
        text: cleanCueText(cue.text, TRANSCRIPT_LIMITS.cueChars),
        speaker: cue.speaker ? cleanLabel(cue.speaker, TRANSCRIPT_LIMITS.speakerChars) : null,
      }))
    : await parseCaptions(input.vtt ?? '', 'vtt').catch((error: unknown) => {
        if (error instanceof CaptionSourceError) return [];
        throw error;
      });
  return cues.length > 0 ? toWebVtt([...cues].sort((a, b) => a.startMs - b.startMs)) : undefined;
}

/**
 * The seed's edit workflow done safely: the edited file is served by the gateway for Mux to fetch, the new
 * track is created first (under a temporary name, since names are unique per asset), and only when it is
 * ready is the old one deleted and the name handed over.
 */
export async function replaceCaptions(
  services: GatewayServices,
  cache: RequestCache,
  rawInput: unknown,
): Promise<MutationOutcome> {
  const parsed = parseInput(captionsReplaceInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const input = parsed.value;
  const vtt = await replacementVtt(input);
  if (vtt === undefined) {
    return failed({
      kind: 'validation',
      message: 'must be a WebVTT file: a WEBVTT header and at least one timed cue',
      field: ['input', 'vtt'],
    });
  }
  if (!services.simulated && isLoopback(services.publicBaseUrl)) {
    return failed({
      kind: 'precondition',
      reason: 'no_public_base_url',
      message: 'Mux fetches the edited captions from this gateway: set PUBLIC_BASE_URL to an address Mux can reach.',
      field: ['input'],
    });
  }
  const found = await findReadyTextTrack(services, cache, input.trackId, ['input', 'trackId']);
  if (!found.ok) return failed(found.error);
  const old: TrackRow = found.value;
  const languageCode = old.languageCode;
  if (!languageCode) {
    return failed({
      kind: 'precondition',
      reason: 'no_language',
      message: 'The track has no language code, so its replacement would not have one either.',
      field: ['input', 'trackId'],
    });
  }
  const name = input.name ?? old.name;

  return withMux(async () => {
    const fileId = randomBytes(18).toString('base64url');
    saveCaptionFile(services.db, { id: fileId, assetId: old.assetId, vtt, createdAt: Date.now() });
    const created = await services.mux.video.assets.createTrack(
      old.assetId,
      {
        url: `${services.publicBaseUrl}/caption-files/${fileId}.vtt`,
        type: 'text',
        text_type: 'subtitles',
        language_code: languageCode,
        name: `${name ?? languageCode} (replacement)`,
        closed_captions: input.closedCaptions ?? old.closedCaptions ?? false,
      },
      NO_RETRY,
    );
    storeCreatedTracks(services, old.assetId, [created]);
    const job = newJob({
      kind: 'replacement',
      status: 'processing',
      assetId: old.assetId,
      trackId: created.id ?? null,
      languageCode: old.languageCode,
      sourceTrackId: old.muxId,
      parameters: { name, fileId },
    });
    recordJobs(services, [job]);
    const plan = planOf(job);
    if (plan) runInBackground(services, plan);
    return { assetId: old.assetId, trackId: created.id ?? undefined, jobIds: [job.id], warnings: [], userErrors: [] };
  });
}

/** Replacements under way when the gateway stopped are finished after it starts again. */
export function resumeReplacements(services: GatewayServices): number {
  const running = listCaptionJobRows(services.db, { kind: 'replacement', status: 'processing' }, undefined, 1_000);
  for (const job of running) {
    const plan = planOf(job);
    if (plan) runInBackground(services, plan);
  }
  return running.length;
}
