import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { GatewayServices } from '../context.js';
import { type UploadRow, uploadRowsById } from '../db/uploads.js';
import { applyUpload } from '../events/apply-upload.js';
import { publishTouched } from '../events/pubsub.js';
import { type ReadThroughSpec, readThrough } from './read-through.js';
import { uploadRecord } from './records.js';
import type { RequestCache } from './request-cache.js';

/** Only a waiting upload can still change. */
function uploadIsFresh(services: GatewayServices, row: UploadRow, now: number): boolean {
  return row.status !== 'waiting' || now - row.fetchedAt < services.cache.activeTtlSeconds * 1000;
}

/** Writes what Mux said of an upload through the same forward-only rules as its webhooks, and tells subscribers. */
export function storeUpload(services: GatewayServices, upload: Upload, now: number): UploadRow {
  const touched = services.db.transaction(() => applyUpload(services.db, upload, now));
  publishTouched(services.pubsub, touched);
  return uploadRowsById(services.db, [upload.id]).get(upload.id) ?? uploadRecord(upload, now);
}

function uploadSpec(services: GatewayServices): ReadThroughSpec<UploadRow, Upload> {
  return {
    resource: 'upload',
    cached: (ids) => uploadRowsById(services.db, ids),
    isFresh: (row, now) => uploadIsFresh(services, row, now),
    fetchedAt: (row) => row.fetchedAt,
    fetch: (id) => services.mux.video.uploads.retrieve(id),
    save: (upload, now) => storeUpload(services, upload, now),
  };
}

export function loadUploads(
  services: GatewayServices,
  request: RequestCache,
  ids: readonly string[],
): Promise<(UploadRow | Error)[]> {
  return readThrough(uploadSpec(services), ids, request);
}
