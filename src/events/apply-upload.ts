import type { Upload } from '@mux/mux-node/resources/video/uploads';
import { assignUploadAsset, captionJobRowsByUpload } from '../db/caption-jobs.js';
import type { Db } from '../db/client.js';
import { saveUpload, uploadRowsById } from '../db/uploads.js';
import { isTerminal } from '../resolvers/job-status.js';
import { uploadRecord } from '../resolvers/records.js';
import { endJob } from './apply-job.js';
import { uploadMayFollow } from './status-order.js';
import { nothingTouched, type Touched } from './touched.js';

const ENDINGS = {
  cancelled: {
    status: 'cancelled',
    type: 'upload_cancelled',
    message: 'The upload was cancelled before a file arrived.',
  },
  timed_out: { status: 'errored', type: 'upload_timed_out', message: 'The upload timed out before a file arrived.' },
  errored: { status: 'errored', type: 'upload_errored', message: 'Mux could not take the uploaded file.' },
} as const;

/**
 * A direct upload as Mux described it (webhook or read), never moved backwards; the caption work asked for
 * with it learns its asset, or ends with the upload.
 */
export function applyUpload(db: Db, upload: Upload, now: number): Touched {
  const existing = uploadRowsById(db, [upload.id]).get(upload.id);
  if (existing && !uploadMayFollow(existing.status, upload.status)) return nothingTouched();
  const row = uploadRecord(upload, now);
  saveUpload(db, row);
  if (row.assetId) assignUploadAsset(db, row.muxId, row.assetId);
  const ending = row.status === 'waiting' || row.status === 'asset_created' ? undefined : ENDINGS[row.status];
  const jobs = captionJobRowsByUpload(db, row.muxId).map((job) =>
    ending && !job.assetId && !isTerminal(job.status) ? endJob(db, job, ending, now) : job,
  );
  return { assets: [], tracks: [], jobs };
}
