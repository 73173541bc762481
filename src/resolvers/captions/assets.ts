import type { z } from 'zod';
import type { GatewayServices } from '../../context.js';
import { storeAsset } from '../assets.js';
import { storeUpload } from '../uploads.js';
import { betaLanguageWarnings, NO_RETRY, newJob, parseInput, recordJobs, withMux } from './common.js';
import { assetCreateInput, directUploadCreateInput } from './inputs.js';
import type { MutationOutcome } from './outcome.js';

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

export async function createAsset(services: GatewayServices, rawInput: unknown): Promise<MutationOutcome> {
  const parsed = parseInput(assetCreateInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const input = parsed.value;
  return withMux(async () => {
    const askedAt = Date.now();
    const asset = await services.mux.video.assets.create(
      {
        inputs: [
          {
            url: input.url,
            ...(input.generatedSubtitles.length ? { generated_subtitles: generatedSubtitles(input) } : {}),
          },
        ],
        ...muxAssetSettings(input),
      },
      NO_RETRY,
    );
    const jobs = autoCaptionJobs(input, { assetId: asset.id });
    recordJobs(services, jobs);
    storeAsset(services, asset, askedAt);
    return { assetId: asset.id, jobIds: jobs.map((job) => job.id), warnings: subtitleWarnings(input), userErrors: [] };
  });
}

export async function createDirectUpload(services: GatewayServices, rawInput: unknown): Promise<MutationOutcome> {
  const parsed = parseInput(directUploadCreateInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const input = parsed.value;
  return withMux(async () => {
    const upload = await services.mux.video.uploads.create(
      {
        cors_origin: input.corsOrigin,
        ...(input.timeoutSeconds ? { timeout: input.timeoutSeconds } : {}),
        new_asset_settings: {
          ...muxAssetSettings(input),
          ...(input.generatedSubtitles.length ? { inputs: [{ generated_subtitles: generatedSubtitles(input) }] } : {}),
        },
      },
      NO_RETRY,
    );
    storeUpload(services, upload, Date.now());
    const jobs = autoCaptionJobs(input, { uploadId: upload.id });
    recordJobs(services, jobs);
    return {
      uploadId: upload.id,
      jobIds: jobs.map((job) => job.id),
      warnings: subtitleWarnings(input),
      userErrors: [],
    };
  });
}
