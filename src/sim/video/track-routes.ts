import type { Track } from '@mux/mux-node/resources/video/assets';
import type { Hono } from 'hono';
import type { SimContext } from '../context.js';
import { addAudioTrack } from './audio-tracks.js';
import { addGeneratedCaptions } from './generated-captions.js';
import { lookupAsset, lookupTrack } from './lookup.js';
import { removeTrack } from './operations.js';
import { createTrack, generateSubtitles, updateTrack } from './schemas.js';
import { ingestTextTrack } from './text-track-ingest.js';
import { invalidParameters, parseJsonBody } from './validation.js';

const TRACKS = '/video/v1/assets/:assetId/tracks';
const ASSET_NOT_READY = 'Asset is not ready: tracks can only be added to assets in the ready state';

/** Why DELETE refuses a track (video and primary audio stay with the asset), if it does. */
function deletionRefusal(track: Track): string | undefined {
  if (track.type === 'video') return 'The video track cannot be deleted';
  if (track.type === 'audio' && track.primary) return 'The primary audio track cannot be deleted';
  return undefined;
}

/** Fields of a track update that do not apply to this kind of track. */
function updateRefusal(track: Track, fields: { closed_captions?: unknown; passthrough?: unknown }): string | undefined {
  if (track.type === 'video') return 'Video tracks cannot be updated';
  if (track.type === 'audio' && (fields.closed_captions !== undefined || fields.passthrough !== undefined)) {
    return 'closed_captions and passthrough can only be set on text tracks';
  }
  return undefined;
}

export function registerTrackRoutes(api: Hono, context: SimContext): void {
  api.post(TRACKS, async (c) => {
    const found = lookupAsset(c, context, c.req.param('assetId'));
    if (!found.ok) return found.response;
    const parsed = await parseJsonBody(c, createTrack);
    if (!parsed.ok) return parsed.response;
    const { asset } = found.value;
    if (asset.status !== 'ready') return invalidParameters(c, ASSET_NOT_READY);
    const body = parsed.data;
    if (!URL.canParse(body.url)) return invalidParameters(c, `url is set to "${body.url}", which is not a valid URL.`);
    const track =
      body.type === 'audio'
        ? addAudioTrack(context, asset.id, { languageCode: body.language_code, name: body.name })
        : ingestTextTrack(context, asset.id, body.url, {
            languageCode: body.language_code,
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.closed_captions !== undefined ? { closedCaptions: body.closed_captions } : {}),
            ...(body.passthrough !== undefined ? { passthrough: body.passthrough } : {}),
          });
    return c.json({ data: track }, 201);
  });

  api.patch(`${TRACKS}/:trackId`, async (c) => {
    const asset = lookupAsset(c, context, c.req.param('assetId'));
    if (!asset.ok) return asset.response;
    const found = lookupTrack(c, asset.value, c.req.param('trackId'));
    if (!found.ok) return found.response;
    const parsed = await parseJsonBody(c, updateTrack);
    if (!parsed.ok) return parsed.response;
    const track = found.value;
    const refusal = updateRefusal(track, parsed.data);
    if (refusal) return invalidParameters(c, refusal);
    const { language_code, name, closed_captions, passthrough } = parsed.data;
    if (language_code !== undefined) track.language_code = language_code;
    if (name !== undefined) track.name = name;
    if (closed_captions !== undefined) track.closed_captions = closed_captions;
    if (passthrough === '') delete track.passthrough;
    else if (passthrough !== undefined) track.passthrough = passthrough;
    return c.json({ data: track });
  });

  api.delete(`${TRACKS}/:trackId`, (c) => {
    const asset = lookupAsset(c, context, c.req.param('assetId'));
    if (!asset.ok) return asset.response;
    const found = lookupTrack(c, asset.value, c.req.param('trackId'));
    if (!found.ok) return found.response;
    const refusal = deletionRefusal(found.value);
    if (refusal) return invalidParameters(c, refusal);
    removeTrack(context, asset.value.asset.id, found.value.id ?? '');
    return c.body(null, 204);
  });

  api.post(`${TRACKS}/:trackId/generate-subtitles`, async (c) => {
    const asset = lookupAsset(c, context, c.req.param('assetId'));
    if (!asset.ok) return asset.response;
    const parsed = await parseJsonBody(c, generateSubtitles);
    if (!parsed.ok) return parsed.response;
    // A preparing asset has no tracks yet, so readiness is what to report, not the unknown track.
    if (asset.value.asset.status !== 'ready')
      return invalidParameters(c, 'Asset is not ready: subtitles can only be generated for ready assets');
    const found = lookupTrack(c, asset.value, c.req.param('trackId'));
    if (!found.ok) return found.response;
    const track = found.value;
    if (track.type !== 'audio') return invalidParameters(c, 'Subtitles can only be generated from an audio track');
    if (track.status !== undefined && track.status !== 'ready')
      return invalidParameters(c, 'The audio track is not ready');
    const tracks = addGeneratedCaptions(context, asset.value.asset.id, parsed.data.generated_subtitles);
    return c.json({ data: tracks }, 201);
  });
}
