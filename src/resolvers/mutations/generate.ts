import type { z } from 'zod';
import { newJob } from '../../domain/model.js';
import { GatewayErrors, NotFoundError, PreconditionError } from '../../errors.js';
import type { GatewayServices } from '../../services.js';
import type { captionsGenerateInput } from './inputs.js';
import { type MutationOutcome, outcome } from './outcome.js';
import { betaLanguageWarnings, findReadyAsset, languageConflict, textTrackInLanguage } from './preconditions.js';

const DAY_MS = 86_400_000;

/** Retroactive auto-generated captions on an existing asset, from its primary audio track by default. */
export async function generateCaptions(
  services: GatewayServices,
  input: z.output<typeof captionsGenerateInput>,
): Promise<MutationOutcome> {
  const asset = await findReadyAsset(services, input.assetId, ['input', 'assetId']);
  const maxAgeDays = services.settings.captions.generateMaxAgeDays;
  const ageDays = Math.floor((Date.now() - asset.createdAt) / DAY_MS);
  if (maxAgeDays > 0 && Date.now() - asset.createdAt > maxAgeDays * DAY_MS) {
    throw new PreconditionError(
      'asset_too_old',
      `Mux generates captions only for assets up to ${maxAgeDays} days old; this one is ${ageDays} days old. Ask Mux ` +
        `support to backfill older assets, or use premiumCaptionsGenerate.`,
      ['input', 'assetId'],
    );
  }

  const tracks = (await services.store.tracks.byAssetIds([asset.muxId])).get(asset.muxId) ?? [];
  const audio = input.audioTrackId
    ? tracks.find((track) => track.muxId === input.audioTrackId && track.type === 'audio')
    : tracks.find((track) => track.type === 'audio' && track.primary);
  if (!audio && input.audioTrackId)
    throw new NotFoundError('audio track', input.audioTrackId, ['input', 'audioTrackId']);
  if (!audio) {
    throw new PreconditionError('no_audio', 'The asset has no primary audio track to generate captions from.', [
      'input',
      'assetId',
    ]);
  }
  const conflicts = [];
  for (const [index, language] of input.languages.entries()) {
    const existing =
      language.languageCode === 'auto'
        ? undefined
        : await textTrackInLanguage(services, asset.muxId, language.languageCode);
    if (existing) {
      conflicts.push(
        languageConflict(
          existing,
          ['input', 'languages', String(index), 'languageCode'],
          'delete it first (trackDelete), or replace it with premiumCaptionsGenerate and replaceExisting',
        ),
      );
    }
  }
  if (conflicts.length) throw new GatewayErrors(conflicts);

  const created = await services.mux.generateSubtitles(asset.muxId, audio.muxId, {
    generated_subtitles: input.languages.map((language) => ({
      language_code: language.languageCode as 'en',
      ...(language.name ? { name: language.name } : {}),
    })),
  });
  const jobs = created.map((track, index) =>
    newJob({
      kind: 'generated',
      status: 'processing',
      assetId: asset.muxId,
      trackId: track.id ?? null,
      languageCode: track.language_code ?? input.languages[index]?.languageCode ?? null,
      sourceTrackId: audio.muxId,
    }),
  );
  // The jobs go first, so the tracks Mux made are theirs rather than captions asked for outside the gateway.
  await services.core.commit([
    ...jobs.map((job) => ({ about: 'jobRequested' as const, job })),
    { about: 'tracksCreated', assetId: asset.muxId, tracks: created },
  ]);
  return outcome({
    assetId: asset.muxId,
    jobIds: jobs.map((job) => job.id),
    warnings: betaLanguageWarnings(
      input.languages.map((language) => language.languageCode),
      (index) => ['input', 'languages', String(index), 'languageCode'],
    ),
  });
}
