import type { z } from 'zod';
import { PreconditionError } from '../../errors.js';
import type { GatewayServices } from '../../services.js';
import type { trackDeleteInput, trackUpdateInput } from './inputs.js';
import { type MutationOutcome, outcome } from './outcome.js';
import { findTrack, languageConflict, textTrackInLanguage } from './preconditions.js';

/*
 * What Mux answers a track mutation with is committed as its webhook would be (the track as Mux now describes
 * it, or deleted), so caption work follows and subscribers hear of it without waiting for the webhook.
 */

export async function updateTrack(
  services: GatewayServices,
  input: z.output<typeof trackUpdateInput>,
): Promise<MutationOutcome> {
  const track = await findTrack(services, input.trackId, ['input', 'trackId']);
  if (track.type !== 'text') {
    throw new PreconditionError('not_a_text_track', `Only text tracks can be updated; this is a ${track.type} track.`, [
      'input',
      'trackId',
    ]);
  }
  const clash = input.languageCode
    ? await textTrackInLanguage(services, track.assetId, input.languageCode, track.muxId)
    : undefined;
  if (clash) throw languageConflict(clash, ['input', 'languageCode'], 'an asset keeps one text track per language');
  const updated = await services.mux.updateTrack(track.assetId, track.muxId, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.closedCaptions !== undefined ? { closed_captions: input.closedCaptions } : {}),
    ...(input.languageCode !== undefined ? { language_code: input.languageCode } : {}),
  });
  await services.core.commit([{ about: 'track', assetId: track.assetId, track: updated, deleted: false }]);
  return outcome({ assetId: track.assetId, trackId: track.muxId });
}

export async function deleteTrack(
  services: GatewayServices,
  input: z.output<typeof trackDeleteInput>,
): Promise<MutationOutcome> {
  const track = await findTrack(services, input.trackId, ['input', 'trackId']);
  if (track.type === 'video' || track.primary) {
    throw new PreconditionError(
      'track_not_deletable',
      'Mux does not delete an asset’s video track or its primary audio track.',
      ['input', 'trackId'],
    );
  }
  await services.mux.deleteTrack(track.assetId, track.muxId);
  await services.core.commit([{ about: 'track', assetId: track.assetId, track: { id: track.muxId }, deleted: true }]);
  return outcome({ assetId: track.assetId, deletedTrackId: track.muxId });
}
