import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { GatewayServices } from '../context.js';
import { saveUpload, uploadRowsById, type UploadRow } from '../db/uploads.js';
import { readThrough, type ReadThroughSpec } from './read-through.js';
import { uploadRecord } from './records.js';
import type { RequestCache } from './request-cache.js';

/** Only a waiting upload can still change. */
function uploadIsFresh(services: GatewayServices, row: UploadRow, now: number): boolean {
  return row.status !== 'waiting' || now - row.fetchedAt < services.cache.activeTtlSeconds * 1000;
}

export function storeUpload(services: GatewayServices, upload: Upload, now: number): UploadRow {
  const row = uploadRecord(upload, now);
  saveUpload(services.db, row);
  return row;
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

export function loadUploads(services: GatewayServices, request: RequestCache, ids: readonly string[]): Promise<(UploadRow | Error)[]> {
  return readThrough(uploadSpec(services), ids, request);
}
