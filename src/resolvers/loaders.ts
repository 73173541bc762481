import DataLoader from 'dataloader';
import type { GatewayServices } from '../context.js';
import type { TrackRow } from '../db/assets.js';
import type { CaptionJobRow } from '../db/caption-jobs.js';
import { tracksOfAssets } from './assets.js';
import { captionJobsOfAssets } from './caption-jobs.js';

/** Per-request batching of the lists hanging off an asset: one SQLite query per list for a whole page. */
export class RequestLoaders {
  readonly tracksByAsset: DataLoader<string, TrackRow[]>;
  readonly captionJobsByAsset: DataLoader<string, CaptionJobRow[]>;

  constructor(services: GatewayServices) {
    this.tracksByAsset = new DataLoader(async (assetIds) => {
      const grouped = tracksOfAssets(services, assetIds);
      return assetIds.map((id) => grouped.get(id) ?? []);
    });
    this.captionJobsByAsset = new DataLoader(async (assetIds) => {
      const grouped = captionJobsOfAssets(services, assetIds);
      return assetIds.map((id) => grouped.get(id) ?? []);
    });
  }
}
