import type { RouteRegistrar } from '../app.js';
import { registerAssetRoutes } from '../video/asset-routes.js';
import { registerPlaybackIdRoutes } from '../video/playback-id-routes.js';
import { registerTrackRoutes } from '../video/track-routes.js';
import { registerUploadRoutes } from '../video/upload-routes.js';

/** The Video API: assets, tracks, playback IDs and direct uploads (plus the upload URLs' PUT target). */
export const registerVideoRoutes: RouteRegistrar = (api, _stream, context) => {
  registerAssetRoutes(api, context);
  registerTrackRoutes(api, context);
  registerPlaybackIdRoutes(api, context);
  registerUploadRoutes(api, context);
};
