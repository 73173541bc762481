import type {
  AssetCursor,
  AssetListFilter,
  AssetRow,
  CaptionJobCursor,
  CaptionJobFilter,
  CaptionJobRow,
} from '../db/store.js';
import type { GatewayServices } from '../services.js';
import type { StaleReads } from './read-through.js';

/**
 * The asset listing is answered from the store; the index is read again from Mux (every page, 100 assets a
 * call) once it is older than the cache TTL, or now with `fresh`.
 */
export async function listAssets(
  services: GatewayServices,
  request: {
    filter: AssetListFilter;
    after: AssetCursor | undefined;
    limit: number;
    fresh: boolean;
    stale: StaleReads;
  },
): Promise<AssetRow[]> {
  const stale = await services.assetIndex.ensureFresh(request.fresh);
  if (stale) request.stale.note(stale);
  return services.store.assets.list(request.filter, request.after, request.limit);
}

export function listCaptionJobs(
  services: GatewayServices,
  filter: CaptionJobFilter,
  after: CaptionJobCursor | undefined,
  limit: number,
): Promise<CaptionJobRow[]> {
  return services.store.captionJobs.list(filter, after, limit);
}
