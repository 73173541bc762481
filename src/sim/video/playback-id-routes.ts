import type { Hono } from 'hono';
import type { SimContext } from '../context.js';
import { newPlaybackId } from './asset-settings.js';
import { lookup, lookupAsset } from './lookup.js';
import { createPlaybackId } from './schemas.js';
import { invalidParameters, parseJsonBody } from './validation.js';

const PLAYBACK_IDS = '/video/v1/assets/:assetId/playback-ids';

export function registerPlaybackIdRoutes(api: Hono, context: SimContext): void {
  api.post(PLAYBACK_IDS, async (c) => {
    const found = lookupAsset(c, context, c.req.param('assetId'));
    if (!found.ok) return found.response;
    const parsed = await parseJsonBody(c, createPlaybackId);
    if (!parsed.ok) return parsed.response;
    if (parsed.data.policy === 'drm' && !parsed.data.drm_configuration_id) {
      return invalidParameters(c, 'drm_configuration_id is required for the drm policy');
    }
    const { asset } = found.value;
    const playbackId = newPlaybackId(parsed.data);
    asset.playback_ids = [...(asset.playback_ids ?? []), playbackId];
    return c.json({ data: playbackId }, 201);
  });

  api.get(`${PLAYBACK_IDS}/:playbackId`, (c) => {
    const asset = lookupAsset(c, context, c.req.param('assetId'));
    if (!asset.ok) return asset.response;
    const found = lookup(c, c.req.param('playbackId'), (id) =>
      asset.value.asset.playback_ids?.find((playback) => playback.id === id),
    );
    return found.ok ? c.json({ data: found.value }) : found.response;
  });

  api.delete(`${PLAYBACK_IDS}/:playbackId`, (c) => {
    const asset = lookupAsset(c, context, c.req.param('assetId'));
    if (!asset.ok) return asset.response;
    const found = lookup(c, c.req.param('playbackId'), (id) =>
      asset.value.asset.playback_ids?.find((playback) => playback.id === id),
    );
    if (!found.ok) return found.response;
    const { asset: record } = asset.value;
    record.playback_ids = record.playback_ids?.filter((playback) => playback !== found.value);
    return c.body(null, 204);
  });

  api.get('/video/v1/playback-ids/:playbackId', (c) => {
    const found = lookup(c, c.req.param('playbackId'), (id) => {
      const record = context.state.findAssetByPlaybackId(id);
      const playback = record?.asset.playback_ids?.find((candidate) => candidate.id === id);
      return record && playback ? { ...playback, object: { id: record.asset.id, type: 'asset' as const } } : undefined;
    });
    return found.ok ? c.json({ data: found.value }) : found.response;
  });
}
