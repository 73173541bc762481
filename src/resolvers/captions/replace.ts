import type { Track } from '@mux/mux-node/resources/video/assets';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayServices } from '../../context.js';
import type { TrackRow } from '../../db/assets.js';
import { saveCaptionFile } from '../../db/caption-files.js';
import { captionJobRowsById, listCaptionJobRows, saveCaptionJob, type CaptionJobRow } from '../../db/caption-jobs.js';
import { publishCaptionJob } from '../../events/pubsub.js';
import { toUpstreamError } from '../../mux/errors.js';
import { storeAsset } from '../assets.js';
import type { RequestCache } from '../request-cache.js';
import { findReadyTextTrack, newJob, NO_RETRY, parseInput, recordJobs, storeCreatedTracks, withMux } from './common.js';
import { captionsReplaceInput } from './inputs.js';
import { failed, type MutationOutcome } from './outcome.js';
import { TRANSCRIPT_LIMITS, type TranscriptCue } from '../../transcripts/model.js';
import { CaptionSourceError, parseCaptions } from '../../transcripts/parse.js';
import { toWebVtt } from '../../transcripts/render.js';
import { cleanCueText, cleanLabel } from '../../transcripts/sanitize.js';

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
}

function planOf(job: CaptionJobRow): ReplacementPlan | undefined {
  const parameters = job.parameters as { name?: string | null } | null;
  if (!job.assetId || !job.sourceTrackId || !job.trackId) return undefined;
  return { jobId: job.id, assetId: job.assetId, oldTrackId: job.sourceTrackId, newTrackId: job.trackId, name: parameters?.name ?? null };
}

function finish(services: GatewayServices, jobId: string, change: Partial<CaptionJobRow>): void {
  const job = captionJobRowsById(services.db, [jobId]).get(jobId);
  if (!job) return;
  const now = Date.now();
  const finished = { ...job, ...change, finishedAt: now, fetchedAt: now };
  saveCaptionJob(services.db, finished);
  publishCaptionJob(services.pubsub, finished);
}

async function newTrackState(services: GatewayServices, plan: ReplacementPlan): Promise<Track | undefined> {
  const asset = await services.mux.video.assets.retrieve(plan.assetId);
  storeAsset(services, asset, Date.now());
  return asset.tracks?.find((track) => track.id === plan.newTrackId);
}

/**
 * Waits for the new track, then retires the old one, so the asset always has captions in the language:
 * the old track goes only once its replacement is ready, and stays when the replacement fails.
 */
async function completeReplacement(services: GatewayServices, plan: ReplacementPlan, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let delay = FIRST_POLL_MS;
  for (;;) {
    signal.throwIfAborted();
    let track: Track | undefined;
    try {
      track = await newTrackState(services, plan);
    } catch (error) {
      if (!toUpstreamError(error).retryable) throw error;
    }
    if (track?.status === 'ready') break;
    if (!track || track.status === 'errored' || track.status === 'deleted' || Date.now() > deadline) {
      const reason = !track || track.status === 'deleted' ? 'the new track disappeared' : track.status === 'errored' ? 'Mux could not process the edited captions' : 'the new track did not become ready in time';
      await services.mux.video.assets.deleteTrack(plan.assetId, plan.newTrackId).catch(() => undefined);
      finish(services, plan.jobId, { status: 'errored', errors: [{ type: 'replacement_failed', message: `${reason}; the original track was kept.`, retryable: true }] });
      return;
    }
    await sleep(delay, undefined, { signal });
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
  await services.mux.video.assets.deleteTrack(plan.assetId, plan.oldTrackId);
  if (plan.name) await services.mux.video.assets.updateTrack(plan.assetId, plan.newTrackId, { name: plan.name });
  storeAsset(services, await services.mux.video.assets.retrieve(plan.assetId), Date.now());
  finish(services, plan.jobId, { status: 'completed', replacedTrackId: plan.oldTrackId });
}

/** Stopped with the gateway; a replacement cut short is picked up again by `resumeReplacements` at start. */
function runInBackground(services: GatewayServices, plan: ReplacementPlan): void {
  services.background.run(
    (signal) => completeReplacement(services, plan, signal),
    (error) => {
      services.logger.error('caption replacement failed', { jobId: plan.jobId, reason: error instanceof Error ? error.message : String(error) });
      finish(services, plan.jobId, { status: 'errored', errors: [{ type: 'replacement_failed', message: 'The replacement could not be finished; the original track was kept.', retryable: true }] });
    },
  );
}

type ReplacementSource = { vtt?: string | undefined; cues?: { startSeconds: number; endSeconds: number; text: string; speaker?: string | undefined }[] | undefined };

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
export async function replaceCaptions(services: GatewayServices, cache: RequestCache, rawInput: unknown): Promise<MutationOutcome> {
  const parsed = parseInput(captionsReplaceInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const input = parsed.value;
  const vtt = await replacementVtt(input);
  if (vtt === undefined) {
    return failed({ kind: 'validation', message: 'must be a WebVTT file: a WEBVTT header and at least one timed cue', field: ['input', 'vtt'] });
  }
  const found = await findReadyTextTrack(services, cache, input.trackId, ['input', 'trackId']);
  if (!found.ok) return failed(found.error);
  const old: TrackRow = found.value;
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
        language_code: old.languageCode ?? 'en',
        name: `${name ?? old.languageCode ?? 'Captions'} (replacement)`,
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
      parameters: { name },
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
