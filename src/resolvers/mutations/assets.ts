import type { z } from 'zod';
import { newJob } from '../../domain/model.js';
import type { GatewayServices } from '../../services.js';
import type { assetCreateInput, directUploadCreateInput } from './inputs.js';
import { type MutationOutcome, outcome } from './outcome.js';
import { betaLanguageWarnings } from './preconditions.js';

type AssetSettings = Pick<
  z.output<typeof assetCreateInput>,
  'playbackPolicies' | 'videoQuality' | 'title' | 'passthrough' | 'generatedSubtitles'
>;

/** The part of Mux's create-asset body the gateway sets; `generated_subtitles` go on the first input. */
function muxAssetSettings(input: AssetSettings) {
  return {
    playback_policies: input.playbackPolicies,
    ...(input.videoQuality ? { video_quality: input.videoQuality } : {}),
    ...(input.title ? { meta: { title: input.title } } : {}),
    ...(input.passthrough !== undefined ? { passthrough: input.passthrough } : {}),
  };
}

function generatedSubtitles(input: AssetSettings) {
  return input.generatedSubtitles.map((entry) => ({
    language_code: entry.languageCode as 'en',
    ...(entry.name ? { name: entry.name } : {}),
  }));
}

function subtitleWarnings(input: AssetSettings) {
  return betaLanguageWarnings(
    input.generatedSubtitles.map((entry) => entry.languageCode),
    (index) => ['input', 'generatedSubtitles', String(index), 'languageCode'],
  );
}

/** One pending job per language asked for; each claims its generated track when Mux lists it. */
function autoCaptionJobs(input: AssetSettings, owner: { assetId?: string; uploadId?: string }) {
  return input.generatedSubtitles.map((entry) =>
    newJob({
      kind: 'auto_generated',
      status: 'pending',
      languageCode: entry.languageCode,
      ...owner,
      parameters: { name: entry.name ?? null },
    }),
  );
}

export async function createAsset(
  services: GatewayServices,
  input: z.output<typeof assetCreateInput>,
): Promise<MutationOutcome> {
  const askedAt = Date.now();
  const subtitles = input.generatedSubtitles.length ? { generated_subtitles: generatedSubtitles(input) } : {};
  const asset = await services.mux.createAsset({
    inputs: [{ url: input.url, ...subtitles }],
    ...muxAssetSettings(input),
  });
  const jobs = autoCaptionJobs(input, { assetId: asset.id });
  await services.core.commit([
    ...jobs.map((job) => ({ about: 'jobRequested' as const, job })),
    { about: 'asset', asset, from: { askedAt } },
  ]);
  return outcome({ assetId: asset.id, jobIds: jobs.map((job) => job.id), warnings: subtitleWarnings(input) });
}

export async function createDirectUpload(
  services: GatewayServices,
  input: z.output<typeof directUploadCreateInput>,
): Promise<MutationOutcome> {
  const upload = await services.mux.createUpload({
    cors_origin: input.corsOrigin,
    ...(input.timeoutSeconds ? { timeout: input.timeoutSeconds } : {}),
    new_asset_settings: {
      ...muxAssetSettings(input),
      ...(input.generatedSubtitles.length ? { inputs: [{ generated_subtitles: generatedSubtitles(input) }] } : {}),
    },
  });
  const jobs = autoCaptionJobs(input, { uploadId: upload.id });
  await services.core.commit([
    { about: 'upload', upload },
    ...jobs.map((job) => ({ about: 'jobRequested' as const, job })),
  ]);
  return outcome({ uploadId: upload.id, jobIds: jobs.map((job) => job.id), warnings: subtitleWarnings(input) });
}
