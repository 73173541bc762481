import type { z } from 'zod';
import { isFinal, robotsJobRecord, stableJson } from '../../domain/model.js';
import { ConflictError, NotFoundError, PreconditionError } from '../../errors.js';
import type { RobotsJobRequest } from '../../mux/api.js';
import { UpstreamError } from '../../mux/errors.js';
import { type CaptionRobotsJob, type CaptionWorkflow, isCaptionWorkflow } from '../../mux/robots.js';
import type { GatewayServices } from '../../services.js';
import type {
  captionJobCancelInput,
  captionsEditInput,
  captionsTranslateInput,
  premiumCaptionsGenerateInput,
} from './inputs.js';
import { type MutationOutcome, outcome } from './outcome.js';
import {
  betaLanguageWarnings,
  findReadyAsset,
  findReadyTextTrack,
  languageConflict,
  textTrackInLanguage,
} from './preconditions.js';

/** Mux turning a job away as a duplicate of one still running is a conflict, not Mux failing. */
async function createJob<W extends CaptionWorkflow>(
  services: GatewayServices,
  workflow: W,
  body: RobotsJobRequest[W],
  field: string[],
): Promise<CaptionRobotsJob> {
  try {
    return await services.mux.createRobotsJob(workflow, body);
  } catch (error) {
    if (error instanceof UpstreamError && error.failure.kind === 'rejected' && error.failure.status === 409) {
      throw new ConflictError(
        `Mux refused: ${error.failure.messages.join('; ') || 'an identical job is running'}.`,
        field,
      );
    }
    throw error;
  }
}

/** Stores the job Mux accepted as the CaptionJob that stands for it, with what was asked for. */
async function recordRobotsJob(
  services: GatewayServices,
  job: CaptionRobotsJob,
  input: { idempotencyKey?: string | undefined },
  replacedTrackId?: string,
): Promise<string> {
  const { idempotencyKey: _key, ...parameters } = input;
  const row = { ...robotsJobRecord(job, undefined, Date.now()), parameters, replacedTrackId: replacedTrackId ?? null };
  await services.core.commit([{ about: 'jobRequested', job: row }]);
  return row.id;
}

export async function generatePremiumCaptions(
  services: GatewayServices,
  input: z.output<typeof premiumCaptionsGenerateInput>,
): Promise<MutationOutcome> {
  const asset = await findReadyAsset(services, input.assetId, ['input', 'assetId']);
  if (asset.playbackIds.length === 0) {
    throw new PreconditionError('no_playback_id', 'Premium captions need an asset with a playback ID.', [
      'input',
      'assetId',
    ]);
  }
  // `auto` here means what Mux means by leaving the language out: detect it.
  const languageCode = input.languageCode === 'auto' ? undefined : input.languageCode;
  const existing =
    languageCode && input.uploadToMux ? await textTrackInLanguage(services, input.assetId, languageCode) : undefined;
  if (existing && !input.replaceExisting) {
    throw languageConflict(existing, ['input', 'languageCode'], 'set replaceExisting to replace it');
  }
  const { idempotencyKey: _key, ...asked } = input;
  const jobs = (await services.store.captionJobs.byAssetIds([input.assetId])).get(input.assetId) ?? [];
  const running = jobs.find(
    (job) => job.kind === 'premium' && !isFinal(job.status) && stableJson(job.parameters) === stableJson(asked),
  );
  if (running) {
    throw new ConflictError(
      `Premium captions with the same settings are already ${running.status} on this asset; follow that ` +
        'caption job instead.',
      ['input', 'assetId'],
      { jobId: running.id },
    );
  }
  const job = await createJob(
    services,
    'generate-premium-captions',
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
    ['input', 'assetId'],
  );
  const jobId = await recordRobotsJob(services, job, input, existing?.muxId);
  return outcome({
    assetId: input.assetId,
    jobIds: [jobId],
    warnings: betaLanguageWarnings([languageCode], () => ['input', 'languageCode']),
  });
}

export async function translateCaptions(
  services: GatewayServices,
  input: z.output<typeof captionsTranslateInput>,
): Promise<MutationOutcome> {
  const source = await findReadyTextTrack(services, input.trackId, ['input', 'trackId']);
  const existing = await textTrackInLanguage(services, source.assetId, input.toLanguageCode);
  if (existing) throw languageConflict(existing, ['input', 'toLanguageCode'], 'delete it first to translate again');
  const job = await createJob(
    services,
    'translate-captions',
    {
      parameters: {
        asset_id: source.assetId,
        track_id: source.muxId,
        to_language_code: input.toLanguageCode,
        upload_to_mux: input.uploadToMux,
        ...(input.neverTranslate?.length ? { never_translate: input.neverTranslate } : {}),
      },
    },
    ['input', 'trackId'],
  );
  const jobId = await recordRobotsJob(services, job, input);
  return outcome({
    assetId: source.assetId,
    jobIds: [jobId],
    warnings: betaLanguageWarnings([input.toLanguageCode], () => ['input', 'toLanguageCode']),
  });
}

function censorship(censor: z.output<typeof captionsEditInput>['censorProfanity']) {
  if (!censor) return {};
  return {
    auto_censor_profanity: {
      detection_method: 'llm' as const,
      mode: censor.mode,
      ...(censor.alwaysCensor ? { always_censor: censor.alwaysCensor } : {}),
      ...(censor.neverCensor ? { never_censor: censor.neverCensor } : {}),
    },
  };
}

export async function editCaptions(
  services: GatewayServices,
  input: z.output<typeof captionsEditInput>,
): Promise<MutationOutcome> {
  const source = await findReadyTextTrack(services, input.trackId, ['input', 'trackId']);
  const replacements = input.replacements?.map((item) => ({
    find: item.find,
    replace: item.replace,
    case_sensitive: item.caseSensitive,
  }));
  const job = await createJob(
    services,
    'edit-captions',
    {
      parameters: {
        asset_id: source.assetId,
        track_id: source.muxId,
        ...(replacements?.length ? { replacements } : {}),
        ...(input.speakerReplacements?.length ? { speaker_replacements: input.speakerReplacements } : {}),
        ...censorship(input.censorProfanity),
        upload_to_mux: input.uploadToMux,
        delete_original_track: input.deleteOriginalTrack,
        ...(input.trackNameSuffix ? { track_name_suffix: input.trackNameSuffix } : {}),
      },
    },
    ['input', 'trackId'],
  );
  const replaced = input.uploadToMux && input.deleteOriginalTrack ? source.muxId : undefined;
  const jobId = await recordRobotsJob(services, job, input, replaced);
  return outcome({ assetId: source.assetId, jobIds: [jobId] });
}

/** Only Robots jobs can be cancelled: Mux offers no way to stop auto-generated captions once asked for. */
export async function cancelCaptionJob(
  services: GatewayServices,
  input: z.output<typeof captionJobCancelInput>,
): Promise<MutationOutcome> {
  const field = ['input', 'id'];
  const job = (await services.store.captionJobs.byIds([input.id])).get(input.id);
  if (!job) throw new NotFoundError('caption job', input.id, field);
  if (isFinal(job.status)) {
    throw new ConflictError(
      `The job is already ${job.status}; only pending or processing work can be cancelled.`,
      field,
      {
        jobId: job.id,
      },
    );
  }
  if (!job.muxJobId || !isCaptionWorkflow(job.muxWorkflow)) {
    throw new PreconditionError(
      'not_cancellable',
      `${job.kind.replace('_', '-')} caption work cannot be cancelled at Mux; delete the resulting track instead ` +
        `once it exists.`,
      field,
    );
  }
  await services.mux.cancelRobotsJob(job.muxJobId);
  const now = Date.now();
  // A webhook may have finished the job while Mux was being asked: its final state stays.
  await services.core.commit([
    { about: 'jobChanged', jobId: job.id, change: { status: 'cancelled', finishedAt: now, fetchedAt: now } },
  ]);
  return outcome({ ...(job.assetId ? { assetId: job.assetId } : {}), jobIds: [job.id] });
}
