// Synthetic signed Mux events for the webhook benchmarks, and posting one with its outcome.
import { envelope, muxSignature } from '../test/support/webhooks.js';
import { timed } from './lib.js';

const NOW = Math.floor(Date.now() / 1000);

export interface Signed {
  id: string;
  type: string;
  body: string;
  signature: string;
}

function asset(id: string, status: string, tracks: Record<string, unknown>[], title?: string) {
  return {
    id,
    status,
    created_at: String(NOW),
    duration: 42.5,
    playback_ids: [{ id: `${id}-play`, policy: 'public' }],
    tracks,
    ...(title ? { meta: { title } } : {}),
  };
}

const videoTrack = (assetId: string) => ({
  id: `${assetId}-video`,
  type: 'video',
  duration: 42.5,
  max_width: 1920,
  max_height: 1080,
  max_frame_rate: 30,
  status: 'ready',
});
const captionTrack = (assetId: string) => ({
  id: `${assetId}-text`,
  type: 'text',
  text_type: 'subtitles',
  text_source: 'generated_vod',
  language_code: 'en',
  name: 'English CC',
  status: 'preparing',
});

/** `count` events about `count / 4` assets, each asset's four in Mux's order. */
export function events(prefix: string, count: number, secret: string): Signed[] {
  const out: Signed[] = [];
  for (let index = 0; out.length < count; index += 1) {
    const id = `${prefix}-${String(index).padStart(6, '0')}`;
    const batch = [
      envelope('video.asset.created', asset(id, 'preparing', [])),
      envelope('video.asset.ready', asset(id, 'ready', [videoTrack(id), captionTrack(id)])),
      envelope('video.asset.track.created', { ...captionTrack(id), asset_id: id }),
      envelope('video.asset.updated', asset(id, 'ready', [videoTrack(id), captionTrack(id)], `Bench video ${index}`)),
    ];
    for (const event of batch.slice(0, count - out.length)) {
      const body = JSON.stringify(event);
      out.push({ id: String(event.id), type: String(event.type), body, signature: muxSignature(body, secret) });
    }
  }
  return out;
}

export interface Outcome {
  ms: number;
  status: number;
  received: boolean;
  duplicate: boolean;
}

export async function post(url: string, event: Signed): Promise<Outcome> {
  const { ms: took, value } = await timed(async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mux-signature': event.signature },
      body: event.body,
    });
    const answer = (await response.json().catch(() => ({}))) as { received?: boolean; duplicate?: boolean };
    return { status: response.status, received: answer.received === true, duplicate: answer.duplicate === true };
  });
  return { ms: took, ...value };
}
