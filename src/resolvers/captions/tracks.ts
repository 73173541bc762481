import type { Track } from '@mux/mux-node/resources/video/assets';
import type { GatewayServices } from '../../context.js';
import { applyTrackChange } from '../../events/apply-asset.js';
import { publishTouched } from '../../events/pubsub.js';
import type { RequestCache } from '../request-cache.js';
import { findTrack, languageConflict, parseInput, textTrackInLanguage, withMux } from './common.js';
import { trackDeleteInput, trackUpdateInput } from './inputs.js';
import { failed, type MutationOutcome } from './outcome.js';

/**
 * What Mux answered a track mutation with is applied as its webhook would be (the track deleted, or as Mux
 * now describes it), so caption work follows and subscribers hear of it without waiting for the webhook.
 */
function applyMuxAnswer(services: GatewayServices, assetId: string, track: Track, deleted: boolean): void {
  const touched = services.db.transaction(() =>
    applyTrackChange(services.db, { assetId, track, deleted, error: undefined }, Date.now()),
  );
  if (touched) publishTouched(services.pubsub, touched);
}

export async function updateTrack(
  services: GatewayServices,
  cache: RequestCache,
  rawInput: unknown,
): Promise<MutationOutcome> {
  const parsed = parseInput(trackUpdateInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const input = parsed.value;
  const track = await findTrack(services, cache, input.trackId, ['input', 'trackId']);
  if (!track.ok) return failed(track.error);
  if (track.value.type !== 'text') {
    return failed({
      kind: 'precondition',
      reason: 'not_a_text_track',
      message: `Only text tracks can be updated; this is a ${track.value.type} track.`,
      field: ['input', 'trackId'],
    });
  }
  const clash = input.languageCode
    ? textTrackInLanguage(services, track.value.assetId, input.languageCode, track.value.muxId)
    : undefined;
  if (clash)
    return failed(languageConflict(clash, ['input', 'languageCode'], 'an asset keeps one text track per language'));
  return withMux(async () => {
    const updated: Track = await services.mux.video.assets.updateTrack(track.value.assetId, track.value.muxId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.closedCaptions !== undefined ? { closed_captions: input.closedCaptions } : {}),
      ...(input.languageCode !== undefined ? { language_code: input.languageCode } : {}),
    });
    applyMuxAnswer(services, track.value.assetId, updated, false);
    return { assetId: track.value.assetId, trackId: track.value.muxId, jobIds: [], warnings: [], userErrors: [] };
  });
}

export async function deleteTrack(
  services: GatewayServices,
  cache: RequestCache,
  rawInput: unknown,
): Promise<MutationOutcome> {
  const parsed = parseInput(trackDeleteInput, rawInput);
  if (!parsed.ok) return parsed.outcome;
  const track = await findTrack(services, cache, parsed.value.trackId, ['input', 'trackId']);
  if (!track.ok) return failed(track.error);
  if (track.value.type === 'video' || track.value.primary) {
    return failed({
      kind: 'precondition',
      reason: 'track_not_deletable',
      message: 'Mux does not delete an asset’s video track or its primary audio track.',
      field: ['input', 'trackId'],
    });
  }
  return withMux(async () => {
    await services.mux.video.assets.deleteTrack(track.value.assetId, track.value.muxId);
    applyMuxAnswer(services, track.value.assetId, { id: track.value.muxId }, true);
    return {
      assetId: track.value.assetId,
      deletedTrackId: track.value.muxId,
      jobIds: [],
      warnings: [],
      userErrors: [],
    };
  });
}
