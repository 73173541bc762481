import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { GatewayServices } from '../context.js';
import { assignUploadAsset, captionJobRowsByUpload, saveCaptionJob } from '../db/caption-jobs.js';
import { saveUpload, uploadRowsById, type UploadRow } from '../db/uploads.js';
import { publishCaptionJob } from '../events/pubsub.js';
import { TERMINAL_JOB_STATUSES } from './job-status.js';
import { readThrough, type ReadThroughSpec } from './read-through.js';
import { uploadRecord } from './records.js';
import type { RequestCache } from './request-cache.js';

/** Only a waiting upload can still change. */
function uploadIsFresh(services: GatewayServices, row: UploadRow, now: number): boolean {
  return row.status !== 'waiting' || now - row.fetchedAt < services.cache.activeTtlSeconds * 1000;
}

const UPLOAD_END_TO_JOB_STATUS = { cancelled: 'cancelled', timed_out: 'errored', errored: 'errored' } as const;

/** Writes the upload, and settles the caption jobs waiting on it: they gain its asset, or end with it. */
export function storeUpload(services: GatewayServices, upload: Upload, now: number): UploadRow {
  const row = uploadRecord(upload, now);
  services.db.transaction(() => {
    saveUpload(services.db, row);
    if (row.assetId) assignUploadAsset(services.db, row.muxId, row.assetId);
    const ending = row.status === 'waiting' || row.status === 'asset_created' ? undefined : UPLOAD_END_TO_JOB_STATUS[row.status];
    if (!ending) return;
    for (const job of captionJobRowsByUpload(services.db, row.muxId)) {
      if (job.assetId || TERMINAL_JOB_STATUSES.has(job.status)) continue;
      const ended = {
        ...job,
        status: ending,
        finishedAt: now,
        fetchedAt: now,
        errors: ending === 'errored' ? [{ type: `upload_${row.status}`, message: `The upload ${row.status.replace('_', ' ')} before a file arrived.` }] : null,
      };
      saveCaptionJob(services.db, ended);
      publishCaptionJob(services.pubsub, ended);
    }
  });
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
