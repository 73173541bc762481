import { encodeGlobalID } from '@pothos/plugin-relay';
import { knownTrackId } from '../../resolvers/assets.js';
import type { MutationOutcome } from '../../resolvers/captions/outcome.js';
import { Asset } from '../asset.js';
import { builder } from '../builder.js';
import { CaptionJob } from '../caption-job.js';
import { Track } from '../track.js';
import { Upload } from '../upload.js';
import { UserError, Warning } from './user-error.js';

type PayloadField = 'asset' | 'upload' | 'track' | 'captionJob' | 'captionJobs' | 'deletedTrackId';

/**
 * Every mutation answers with references to what it made (loaded fresh, so a retried request with the same
 * idempotency key sees the current state of the same objects), warnings, and user errors.
 */
export function payloadType(name: string, fields: readonly PayloadField[]) {
  const has = (field: PayloadField) => fields.includes(field);
  return builder.objectRef<MutationOutcome>(name).implement({
    fields: (t) => ({
      ...(has('asset')
        ? { asset: t.field({ type: Asset, nullable: true, resolve: (outcome) => outcome.assetId ?? null }) }
        : {}),
      ...(has('upload')
        ? { upload: t.field({ type: Upload, nullable: true, resolve: (outcome) => outcome.uploadId ?? null }) }
        : {}),
      ...(has('track')
        ? {
            track: t.field({
              type: Track,
              nullable: true,
              resolve: (outcome, _args, context) =>
                knownTrackId(context.services, context.cache, {
                  assetId: outcome.assetId ?? null,
                  trackId: outcome.trackId ?? null,
                  finished: false,
                }),
            }),
          }
        : {}),
      ...(has('captionJob')
        ? { captionJob: t.field({ type: CaptionJob, nullable: true, resolve: (outcome) => outcome.jobIds[0] ?? null }) }
        : {}),
      ...(has('captionJobs')
        ? { captionJobs: t.field({ type: [CaptionJob], resolve: (outcome) => outcome.jobIds }) }
        : {}),
      ...(has('deletedTrackId')
        ? {
            deletedTrackId: t.id({
              nullable: true,
              description: 'Global ID of the track that was deleted.',
              resolve: (outcome) => (outcome.deletedTrackId ? encodeGlobalID('Track', outcome.deletedTrackId) : null),
            }),
          }
        : {}),
      warnings: t.field({ type: [Warning], resolve: (outcome) => outcome.warnings }),
      userErrors: t.field({ type: [UserError], resolve: (outcome) => outcome.userErrors }),
    }),
  });
}
