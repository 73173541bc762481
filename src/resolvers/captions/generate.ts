import type { GatewayServices } from '../../context.js';
import { tracksOfAssets } from '../assets.js';
import type { RequestCache } from '../request-cache.js';
import {
  betaLanguageWarnings,
  findReadyAsset,
  languageConflict,
  NO_RETRY,
  newJob,
  parseInput,
  recordJobs,
  storeCreatedTracks,
  textTrackInLanguage,
  withMux,
} from './common.js';
import { captionsGenerateInput } from './inputs.js';
import { failed, type MutationOutcome, type UserError } from './outcome.js';

const DAY_MS = 86_400_000;

/** Retroactive auto-generated captions on an existing asset, from its primary audio track by default. */
export async function generateCaptions(
  services: GatewayServices,
  cache: RequestCache,
  rawInput: unknown,
): Promise<MutationOutcome> {
  const parsed = parseInput(captionsGenerateInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const input = parsed.value;
  const asset = await findReadyAsset(services, cache, input.assetId, ['input', 'assetId']);
  if (!asset.ok) return failed(asset.error);

  const maxAgeDays = services.captions.generateMaxAgeDays;
  if (maxAgeDays > 0 && Date.now() - asset.value.createdAt > maxAgeDays * DAY_MS) {
    return failed({
      kind: 'precondition',
      reason: 'asset_too_old',
      message: `Mux generates captions only for assets up to ${maxAgeDays} days old; this one is ${Math.floor((Date.now() - asset.value.createdAt) / DAY_MS)} days old. Ask Mux support to backfill older assets, or use premiumCaptionsGenerate.`,
      field: ['input', 'assetId'],
    });
  }

  const tracks = tracksOfAssets(services, [asset.value.muxId]).get(asset.value.muxId) ?? [];
  const audio = input.audioTrackId
    ? tracks.find((track) => track.muxId === input.audioTrackId && track.type === 'audio')
    : tracks.find((track) => track.type === 'audio' && track.primary);
  if (!audio) {
    return failed(
      input.audioTrackId
        ? {
            kind: 'not_found',
            message: `The asset has no audio track ${input.audioTrackId}.`,
            field: ['input', 'audioTrackId'],
            resource: 'audio track',
            id: input.audioTrackId,
          }
        : {
            kind: 'precondition',
            reason: 'no_audio',
            message: 'The asset has no primary audio track to generate captions from.',
            field: ['input', 'assetId'],
          },
    );
  }
  const conflicts: UserError[] = input.languages.flatMap((language, index) => {
    const existing =
      language.languageCode === 'auto'
        ? undefined
        : textTrackInLanguage(services, asset.value.muxId, language.languageCode);
    return existing
      ? [
          languageConflict(
            existing,
            ['input', 'languages', String(index), 'languageCode'],
            'delete it first (trackDelete), or replace it with premiumCaptionsGenerate and replaceExisting',
          ),
        ]
      : [];
  });
  if (conflicts.length) return failed(...conflicts);

  return withMux(async () => {
    const created = await services.mux.video.assets.generateSubtitles(
      asset.value.muxId,
      audio.muxId,
      {
        generated_subtitles: input.languages.map((language) => ({
          language_code: language.languageCode as 'en',
          ...(language.name ? { name: language.name } : {}),
        })),
      },
      NO_RETRY,
    );
    const jobs = created.map((track, index) =>
      newJob({
        kind: 'generated',
        status: 'processing',
        assetId: asset.value.muxId,
        trackId: track.id ?? null,
        languageCode: track.language_code ?? input.languages[index]?.languageCode ?? null,
        sourceTrackId: audio.muxId,
      }),
    );
    storeCreatedTracks(services, asset.value.muxId, created);
    recordJobs(services, jobs);
    return {
      assetId: asset.value.muxId,
      jobIds: jobs.map((job) => job.id),
      warnings: betaLanguageWarnings(
        input.languages.map((language) => language.languageCode),
        (index) => ['input', 'languages', String(index), 'languageCode'],
      ),
      userErrors: [],
    };
  });
}
