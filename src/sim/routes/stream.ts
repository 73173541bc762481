import type { Context } from 'hono';
import type { RouteRegistrar } from '../app.js';
import type { SimContext } from '../context.js';
import { streamError } from '../errors.js';
import { transcriptOf } from '../video/captions.js';
import { readyTextTrack } from '../video/operations.js';
import { checkPlaybackToken } from '../video/playback-token.js';

/** gRPC-style codes of stream.mux.com's `PlaybackErrorResponse` (`{"code":5,"message":"Not Found"}`). */
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;

function notFound(c: Context): Response {
  return streamError(c, 404, NOT_FOUND, 'Not Found');
}

/**
 * Text tracks on the stream host: `/{PLAYBACK_ID}/text/{TRACK_ID}.vtt` for any ready text track and `.txt`
 * (the transcript) for generated VOD captions only. Signed and DRM playback IDs need a valid `?token=`; a
 * track that is still preparing is 404, like one that does not exist.
 */
async function serveTextTrack(c: Context, context: SimContext): Promise<Response> {
  c.header('Access-Control-Allow-Origin', '*');
  const playbackId = c.req.param('playbackId') ?? '';
  const match = /^([^.]+)\.(vtt|txt)$/.exec(c.req.param('file') ?? '');
  const record = context.state.findAssetByPlaybackId(playbackId);
  const playback = record?.asset.playback_ids?.find((candidate) => candidate.id === playbackId);
  if (!match || !record || !playback) return notFound(c);
  if (playback.policy !== 'public') {
    const check = await checkPlaybackToken(context, playbackId, c.req.query('token'));
    if (!check.ok) return streamError(c, 403, PERMISSION_DENIED, `Forbidden: ${check.reason}`);
  }
  const [, trackId = '', extension] = match;
  const ready = readyTextTrack(context, record.asset.id, trackId);
  if (!ready) return notFound(c);
  if (extension === 'vtt') return c.body(ready.vtt, 200, { 'Content-Type': 'text/vtt' });
  if (ready.track.text_source !== 'generated_vod') return notFound(c);
  const transcript = await transcriptOf(ready.vtt, context.clock.slicesNow());
  return c.body(transcript, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
}

export const registerStreamRoutes: RouteRegistrar = (_api, stream, context) => {
  stream.get('/:playbackId/text/:file', (c) => serveTextTrack(c, context));
};
