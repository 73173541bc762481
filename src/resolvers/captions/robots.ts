import type { GatewayServices } from '../../context.js';
import { captionJobRowsById } from '../../db/caption-jobs.js';
import { saveJobForward } from '../../events/apply-job.js';
import { publishCaptionJob } from '../../events/pubsub.js';
import { type CaptionWorkflow, isCaptionWorkflow, type RobotsJob } from '../../mux/robots.js';
import { robotsJobRecord } from '../caption-jobs.js';
import { isTerminal } from '../job-status.js';
import type { RequestCache } from '../request-cache.js';
import {
  betaLanguageWarnings,
  findReadyAsset,
  findReadyTextTrack,
  languageConflict,
  NO_RETRY,
  parseInput,
  recordJobs,
  textTrackInLanguage,
  withMux,
} from './common.js';
import {
  captionJobCancelInput,
  captionsEditInput,
  captionsTranslateInput,
  premiumCaptionsGenerateInput,
} from './inputs.js';
import { failed, type MutationOutcome } from './outcome.js';

/** Stores the job Mux accepted as the CaptionJob that stands for it, and tells subscribers. */
function recordRobotsJob(
  services: GatewayServices,
  job: RobotsJob,
  workflow: CaptionWorkflow,
  parameters: Record<string, unknown>,
  replacedTrackId?: string,
): string {
  const row = {
    ...robotsJobRecord(job, workflow, undefined, Date.now()),
    parameters,
    replacedTrackId: replacedTrackId ?? null,
  };
  recordJobs(services, [row]);
  return row.id;
}

export async function generatePremiumCaptions(
  services: GatewayServices,
  cache: RequestCache,
  rawInput: unknown,
): Promise<MutationOutcome> {
  const parsed = parseInput(premiumCaptionsGenerateInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const { idempotencyKey: _key, ...input } = parsed.value;
  const asset = await findReadyAsset(services, cache, input.assetId, ['input', 'assetId']);
  if (!asset.ok) return failed(asset.error);
  if (asset.value.playbackIds.length === 0) {
    return failed({
      kind: 'precondition',
      reason: 'no_playback_id',
      message: 'Premium captions need an asset with a playback ID.',
      field: ['input', 'assetId'],
    });
  }
  // `auto` here means what Mux means by leaving the language out: detect it.
  const languageCode = input.languageCode === 'auto' ? undefined : input.languageCode;
  const existing =
    languageCode && input.uploadToMux ? textTrackInLanguage(services, input.assetId, languageCode) : undefined;
  if (existing && !input.replaceExisting) {
    return failed(languageConflict(existing, ['input', 'languageCode'], 'set replaceExisting to replace it'));
  }
  return withMux(async () => {
    const job = (await services.mux.robots.jobs.generatePremiumCaptions.create(
      {
        parameters: {
          asset_id: input.assetId,
          ...(languageCode ? { language_code: languageCode } : {}),
          replace_existing: input.replaceExisting,
          ...(input.trackName ? { track_name: input.trackName } : {}),
          include_speakers: input.includeSpeakers,
          include_words: input.includeWords,
          upload_to_mux: input.uploadToMux,
          ...(input.phrases?.length ? { phrases: input.phrases } : {}),
        },
        ...(input.passthrough !== undefined ? { passthrough: input.passthrough } : {}),
      },
      NO_RETRY,
    )) as RobotsJob;
    const jobId = recordRobotsJob(services, job, 'generate-premium-captions', input, existing?.muxId);
    return {
      assetId: input.assetId,
      jobIds: [jobId],
      warnings: betaLanguageWarnings([languageCode], () => ['input', 'languageCode']),
      userErrors: [],
    };
  });
}

export async function translateCaptions(
  services: GatewayServices,
  cache: RequestCache,
  rawInput: unknown,
): Promise<MutationOutcome> {
  const parsed = parseInput(captionsTranslateInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const { idempotencyKey: _key, ...input } = parsed.value;
  const source = await findReadyTextTrack(services, cache, input.trackId, ['input', 'trackId']);
  if (!source.ok) return failed(source.error);
  const existing = textTrackInLanguage(services, source.value.assetId, input.toLanguageCode);
  if (existing)
    return failed(languageConflict(existing, ['input', 'toLanguageCode'], 'delete it first to translate again'));
  return withMux(async () => {
    const job = (await services.mux.robots.jobs.translateCaptions.create(
      {
        parameters: {
          asset_id: source.value.assetId,
          track_id: source.value.muxId,
          to_language_code: input.toLanguageCode,
          upload_to_mux: input.uploadToMux,
          ...(input.neverTranslate?.length ? { never_translate: input.neverTranslate } : {}),
        },
      },
      NO_RETRY,
    )) as RobotsJob;
    const jobId = recordRobotsJob(services, job, 'translate-captions', input);
    return {
      assetId: source.value.assetId,
      jobIds: [jobId],
      warnings: betaLanguageWarnings([input.toLanguageCode], () => ['input', 'toLanguageCode']),
      userErrors: [],
    };
  });
}

export async function editCaptions(
  services: GatewayServices,
  cache: RequestCache,
  rawInput: unknown,
): Promise<MutationOutcome> {
  const parsed = parseInput(captionsEditInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const { idempotencyKey: _key, ...input } = parsed.value;
  const source = await findReadyTextTrack(services, cache, input.trackId, ['input', 'trackId']);
  if (!source.ok) return failed(source.error);
  return withMux(async () => {
    const job = (await services.mux.robots.jobs.editCaptions.create(
      {
        parameters: {
          asset_id: source.value.assetId,
          track_id: source.value.muxId,
          ...(input.replacements?.length
            ? {
                replacements: input.replacements.map((item) => ({
                  find: item.find,
                  replace: item.replace,
                  case_sensitive: item.caseSensitive,
                })),
              }
            : {}),
          ...(input.speakerReplacements?.length ? { speaker_replacements: input.speakerReplacements } : {}),
          ...(input.censorProfanity
            ? {
                auto_censor_profanity: {
                  detection_method: 'llm' as const,
                  mode: input.censorProfanity.mode,
                  ...(input.censorProfanity.alwaysCensor ? { always_censor: input.censorProfanity.alwaysCensor } : {}),
                  ...(input.censorProfanity.neverCensor ? { never_censor: input.censorProfanity.neverCensor } : {}),
                },
              }
            : {}),
          upload_to_mux: input.uploadToMux,
          delete_original_track: input.deleteOriginalTrack,
          ...(input.trackNameSuffix ? { track_name_suffix: input.trackNameSuffix } : {}),
        },
      },
      NO_RETRY,
    )) as RobotsJob;
    const jobId = recordRobotsJob(
      services,
      job,
      'edit-captions',
      input,
      input.uploadToMux && input.deleteOriginalTrack ? source.value.muxId : undefined,
    );
    return { assetId: source.value.assetId, jobIds: [jobId], warnings: [], userErrors: [] };
  });
}

/** Only Robots jobs can be cancelled: Mux offers no way to stop auto-generated captions once asked for. */
export async function cancelCaptionJob(
  services: GatewayServices,
  rawInput: unknown,
  jobId: string,
): Promise<MutationOutcome> {
  const parsed = parseInput(captionJobCancelInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const job = captionJobRowsById(services.db, [jobId]).get(jobId);
  const field = ['input', 'id'];
  if (!job)
    return failed({
      kind: 'not_found',
      message: `No caption job with id ${jobId}.`,
      field,
      resource: 'caption job',
      id: jobId,
    });
  if (isTerminal(job.status)) {
    return failed({
      kind: 'conflict',
      message: `The job is already ${job.status}; only pending or processing work can be cancelled.`,
      field,
      jobId: job.id,
    });
  }
  if (!job.muxJobId || !job.muxWorkflow || !isCaptionWorkflow(job.muxWorkflow)) {
    return failed({
      kind: 'precondition',
      reason: 'not_cancellable',
      message: `${job.kind.replace('_', '-')} caption work cannot be cancelled at Mux; delete the resulting track instead once it exists.`,
      field,
    });
  }
  return withMux(async () => {
    await services.mux.robots.jobs.cancel(job.muxJobId ?? '', NO_RETRY);
    const now = Date.now();
    // A webhook may have finished the job while Mux was being asked: its final state stays.
    const cancelled = services.db.transaction(() => {
      const current = captionJobRowsById(services.db, [job.id]).get(job.id) ?? job;
      return saveJobForward(services.db, { ...current, status: 'cancelled', finishedAt: now, fetchedAt: now });
    });
    publishCaptionJob(services.pubsub, cancelled);
    return { ...(job.assetId ? { assetId: job.assetId } : {}), jobIds: [job.id], warnings: [], userErrors: [] };
  });
}
