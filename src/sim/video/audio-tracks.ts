/** Alternate audio tracks added with Create Track (`type: audio`): prepared, then ready, like Mux's. */
import type { Track } from '@mux/mux-node/resources/video/assets';
import type { SimContext } from '../context.js';
import { muxId } from '../ids.js';
import { emitTrackEvent } from './events.js';
import { languageName } from './languages.js';

const AUDIO_PROCESSING_SECONDS = 20;

export function addAudioTrack(
  context: SimContext,
  assetId: string,
  spec: { languageCode: string; name?: string | undefined },
): Track {
  const asset = context.state.assets.get(assetId)?.asset;
  if (!asset) throw new Error(`[sim] no asset ${assetId}`);
  const track: Track = {
    id: muxId(),
    type: 'audio',
    status: 'preparing',
    primary: false,
    language_code: spec.languageCode,
    name: spec.name ?? languageName(spec.languageCode),
  };
  asset.tracks = [...(asset.tracks ?? []), track];
  emitTrackEvent(context, 'video.asset.track.created', assetId, track);
  context.clock.after(AUDIO_PROCESSING_SECONDS, () => {
    if (track.status !== 'preparing' || !asset.tracks?.includes(track)) return;
    Object.assign(track, { status: 'ready', duration: asset.duration, max_channels: 2 } satisfies Partial<Track>);
    emitTrackEvent(context, 'video.asset.track.ready', assetId, track);
  });
  return track;
}
