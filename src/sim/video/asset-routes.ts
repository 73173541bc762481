import type { Hono } from 'hono';
import type { SimContext } from '../context.js';
import { createAsset, deleteAsset } from './asset-lifecycle.js';
import { assetInputs, requestedPlaybackIds } from './asset-settings.js';
import { emitAssetEvent } from './events.js';
import { lookupAsset } from './lookup.js';
import { profileFromUrl } from './media-profile.js';
import { cursorPageOf } from './paging.js';
import { type AssetOptionsBody, assetOptions, listQuery, updateAsset } from './schemas.js';
import { invalidParameters, parseInput, parseJsonBody } from './validation.js';

const ASSETS = '/video/v1/assets';

/** The Mux message for an input URL that does not parse (seen in the wild for `undefined/...`). */
function invalidUrlMessage(url: string): string {
  return `input has url set to "${url}", which is not a valid URL.`;
}

/** Problems with the inputs of a create-asset request that the schema alone cannot see. */
function inputProblems(body: AssetOptionsBody): string[] {
  const inputs = assetInputs(body);
  if (inputs.length === 0) return ['inputs is required'];
  const problems: string[] = [];
  inputs.forEach((input, index) => {
    const field = `inputs[${index}]`;
    if (input.url === undefined) problems.push(`${field}.url is required`);
    else if (!URL.canParse(input.url)) problems.push(invalidUrlMessage(input.url));
    else if (input.url.startsWith('mux://'))
      problems.push(`${field}.url: clipping from mux://assets is not supported by the simulator`);
    if ((input.type === 'text' || input.type === 'audio') && input.language_code === undefined) {
      problems.push(`${field}.language_code is required for ${input.type} inputs`);
    }
  });
  return problems;
}

export function registerAssetRoutes(api: Hono, context: SimContext): void {
  const { state } = context;

  api.post(ASSETS, async (c) => {
    const parsed = await parseJsonBody(c, assetOptions);
    if (!parsed.ok) return parsed.response;
    const body = parsed.data;
    const problems = inputProblems(body);
    if (problems.length > 0) return invalidParameters(c, ...problems);
    const playbackIds = requestedPlaybackIds(body);
    if (typeof playbackIds === 'string') return invalidParameters(c, playbackIds);
    const url = assetInputs(body)[0]?.url ?? '';
    const { asset } = createAsset(context, body, playbackIds, profileFromUrl(url), { ingestType: 'on_demand_url' });
    return c.json({ data: asset }, 201);
  });

  api.get(ASSETS, (c) => {
    const query = parseInput(c, listQuery, c.req.query());
    if (!query.ok) return query.response;
    const uploadId = c.req.query('upload_id');
    const liveStreamId = c.req.query('live_stream_id');
    const newestFirst = [...state.assets.values()]
      .reverse()
      .map((record) => record.asset)
      .filter(
        (asset) =>
          (uploadId === undefined || asset.upload_id === uploadId) &&
          (liveStreamId === undefined || asset.live_stream_id === liveStreamId),
      );
    const page = cursorPageOf(newestFirst, (asset) => asset.id, query.data);
    return page ? c.json(page) : invalidParameters(c, 'cursor is invalid');
  });

  api.get(`${ASSETS}/:assetId`, (c) => {
    const found = lookupAsset(c, context, c.req.param('assetId'));
    return found.ok ? c.json({ data: found.value.asset }) : found.response;
  });

  api.patch(`${ASSETS}/:assetId`, async (c) => {
    const found = lookupAsset(c, context, c.req.param('assetId'));
    if (!found.ok) return found.response;
    const parsed = await parseJsonBody(c, updateAsset);
    if (!parsed.ok) return parsed.response;
    const { asset } = found.value;
    const { passthrough, meta, thumbnail_time } = parsed.data;
    // An empty string clears the passthrough (documented); `meta` is replaced as a whole.
    if (passthrough === '') delete asset.passthrough;
    else if (passthrough !== undefined) asset.passthrough = passthrough;
    if (meta !== undefined) asset.meta = meta;
    if (thumbnail_time !== undefined) asset.thumbnail_time = thumbnail_time;
    emitAssetEvent(context, 'video.asset.updated', asset);
    return c.json({ data: asset });
  });

  api.delete(`${ASSETS}/:assetId`, (c) => {
    const found = lookupAsset(c, context, c.req.param('assetId'));
    if (!found.ok) return found.response;
    deleteAsset(context, found.value.asset.id);
    return c.body(null, 204);
  });
}
