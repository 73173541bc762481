import { encodeGlobalID } from '@pothos/plugin-relay';
import type { MutationOutcome } from '../../resolvers/mutations/outcome.js';
import { Asset } from '../asset.js';
import { builder } from '../builder.js';
import { CaptionJob, loadTracksOfWork, trackOfWorkKey } from '../caption-job.js';
import { Track } from '../track.js';
import { Upload } from '../upload.js';
import { UserError, Warning } from './user-error.js';

export type PayloadField = 'asset' | 'upload' | 'track' | 'captionJob' | 'captionJobs' | 'deletedTrackId';

/**
 * Every mutation answers with references to what it made (loaded fresh, so a retried request with the same
 * idempotency key sees the current state of the same objects), warnings, and user errors.
 */
export function payloadType(name: string, fields: readonly PayloadField[]) {
  const has = (field: PayloadField) => fields.includes(field);
  return builder.objectRef<MutationOutcome>(name).implement({
    fields: (t) => ({
      ...(has('asset')
        ? { asset: t.field({ type: Asset, nullable: true, resolve: (result) => result.assetId ?? null }) }
        : {}),
      ...(has('upload')
        ? { upload: t.field({ type: Upload, nullable: true, resolve: (result) => result.uploadId ?? null }) }
        : {}),
      ...(has('track')
        ? {
            track: t.loadable({
              type: Track,
              nullable: true,
              load: loadTracksOfWork,
              resolve: (result) =>
                trackOfWorkKey({ assetId: result.assetId ?? null, trackId: result.trackId ?? null, finished: false }),
            }),
          }
        : {}),
      ...(has('captionJob')
        ? { captionJob: t.field({ type: CaptionJob, nullable: true, resolve: (result) => result.jobIds[0] ?? null }) }
        : {}),
      ...(has('captionJobs')
        ? { captionJobs: t.field({ type: [CaptionJob], resolve: (result) => result.jobIds }) }
        : {}),
      ...(has('deletedTrackId')
        ? {
            deletedTrackId: t.id({
              nullable: true,
              description: 'Global ID of the track that was deleted.',
              resolve: (result) => (result.deletedTrackId ? encodeGlobalID('Track', result.deletedTrackId) : null),
            }),
          }
        : {}),
      warnings: t.field({ type: [Warning], resolve: (result) => result.warnings }),
      userErrors: t.field({ type: [UserError], resolve: (result) => result.userErrors }),
    }),
  });
}
