/**
 * Direct uploads: `waiting` until the file is PUT to the upload's URL, then `asset_created` (or `errored` when
 * the resulting asset fails), `cancelled` on request, `timed_out` once `timeout` seconds pass unused.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { SimContext } from '../context.js';
import { muxId } from '../ids.js';
import type { UploadRecord } from '../state.js';
import { createAsset } from './asset-lifecycle.js';
import { normalizedAssetOptions, type PlaybackIdRequest, requestedPlaybackIds } from './asset-settings.js';
import { emitUploadEvent, type MuxErrorDetail } from './events.js';
import { profileFromUpload } from './media-profile.js';
import { type AssetOptionsBody, assetOptions } from './schemas.js';

export const UPLOAD_PATH = '/_upload';

export interface UploadRequest {
  cors_origin: string;
  new_asset_settings?: AssetOptionsBody | undefined;
  timeout: number;
  test?: boolean | undefined;
}

/** The upload URL stops working once the upload leaves `waiting`, as a signed storage URL would. */
function close(upload: Upload, status: Upload['status']): void {
  upload.status = status;
  delete upload.url;
}

export function createUpload(context: SimContext, request: UploadRequest): Upload {
  const id = muxId();
  const putToken = randomBytes(24).toString('base64url');
  const settings = request.new_asset_settings ?? {};
  const upload: Upload = {
    id,
    url: `${context.urls.api}${UPLOAD_PATH}/${id}?token=${putToken}`,
    timeout: request.timeout,
    status: 'waiting',
    new_asset_settings: normalizedAssetOptions(request.test ? { ...settings, test: true } : settings),
    cors_origin: request.cors_origin,
    ...(request.test !== undefined ? { test: request.test } : {}),
  };
  context.state.uploads.set(id, { upload, putToken });
  emitUploadEvent(context, 'video.upload.created', upload);
  context.clock.after(request.timeout, () => {
    if (upload.status === 'waiting') close(upload, 'timed_out');
  });
  return upload;
}

export function isUploadToken(record: UploadRecord, token: string): boolean {
  const expected = Buffer.from(record.putToken);
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function failUpload(context: SimContext, upload: Upload, error: MuxErrorDetail): void {
  upload.status = 'errored';
  upload.error = { type: error.type, message: error.messages.join(' ') };
  emitUploadEvent(context, 'video.upload.errored', upload);
}

/** The file arrived: the asset is created from `new_asset_settings` and the upload points at it. */
export function completeUpload(
  context: SimContext,
  record: UploadRecord,
  file: { sha256: Buffer; byteLength: number },
  putUrl: string,
): void {
  const { upload } = record;
  const settings = assetOptions.parse(upload.new_asset_settings ?? {});
  // The policies were checked when the upload was created.
  const playbackIds = requestedPlaybackIds(settings) as PlaybackIdRequest[];
  const { asset } = createAsset(
    context,
    settings,
    playbackIds,
    profileFromUpload(file.sha256, file.byteLength, putUrl),
    {
      ingestType: 'on_demand_direct_upload',
      uploadId: upload.id,
      onErrored: (error) => failUpload(context, upload, error),
    },
  );
  close(upload, 'asset_created');
  upload.asset_id = asset.id;
  emitUploadEvent(context, 'video.upload.asset_created', upload);
}

/** `PUT /video/v1/uploads/{id}/cancel`: only a `waiting` upload can be cancelled. */
export function cancelUpload(context: SimContext, upload: Upload): boolean {
  if (upload.status !== 'waiting') return false;
  close(upload, 'cancelled');
  emitUploadEvent(context, 'video.upload.cancelled', upload);
  return true;
}
