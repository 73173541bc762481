import type { Asset } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { GatewayServices } from '../context.js';
import { captionJobByMuxJobId } from '../db/caption-job-sync.js';
import { callMux, UpstreamError } from '../mux/errors.js';
import { type CaptionWorkflow, type RobotsJob, retrieveRobotsJob } from '../mux/robots.js';
import { applyAssetSnapshot, forgetAsset } from './apply-asset.js';
import { applyRobotsJob, endJob } from './apply-job.js';
import { applyUpload } from './apply-upload.js';
import { combineTouched, nothingTouched, type Touched } from './touched.js';

export interface JobRef {
  workflow: CaptionWorkflow;
  id: string;
}

/** What to read from Mux; uploads first, since an upload can name the asset that must be read too. */
export interface FetchList {
  uploadIds: string[];
  jobs: JobRef[];
  assetIds: string[];
}

export function fetchList(parts: Partial<FetchList>): FetchList {
  return { uploadIds: parts.uploadIds ?? [], jobs: parts.jobs ?? [], assetIds: parts.assetIds ?? [] };
}

export function combineFetchLists(lists: readonly FetchList[]): FetchList {
  const jobs = new Map(lists.flatMap((list) => list.jobs).map((job) => [job.id, job]));
  return {
    uploadIds: [...new Set(lists.flatMap((list) => list.uploadIds))],
    jobs: [...jobs.values()],
    assetIds: [...new Set(lists.flatMap((list) => list.assetIds))],
  };
}

/**
 * Mux's answer for one resource: the resource (and when it was asked for, which decides what the answer may
 * remove), null when Mux no longer has it, or why it could not be asked.
 */
type Answer<T> = { ok: true; value: T | null; askedAt: number } | { ok: false; error: UpstreamError };

export interface Fetched {
  uploads: Map<string, Answer<Upload>>;
  jobs: Map<string, Answer<RobotsJob> & { workflow: CaptionWorkflow }>;
  assets: Map<string, Answer<Asset>>;
}

/** Calls at a time, so a restart with much unfinished work does not burst Mux's rate limit. */
const CONCURRENCY = 4;

async function askMux<T>(call: () => Promise<T>): Promise<Answer<T>> {
  const askedAt = Date.now();
  try {
    return { ok: true, value: await callMux(call), askedAt };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return error.failure.kind === 'not_found' ? { ok: true, value: null, askedAt } : { ok: false, error };
  }
}

async function askEach<K, T>(keys: readonly K[], call: (key: K) => Promise<T>): Promise<Map<K, Answer<T>>> {
  const answers = new Map<K, Answer<T>>();
  for (let start = 0; start < keys.length; start += CONCURRENCY) {
    const batch = keys.slice(start, start + CONCURRENCY);
    const results = await Promise.all(batch.map((key) => askMux(() => call(key))));
    for (const [index, key] of batch.entries()) answers.set(key, results[index] as Answer<T>);
  }
  return answers;
}

/**
 * Reads everything on the list. A completed Robots job brings its asset along, so the job's last update
 * carries its track as Mux has it.
 */
export async function fetchFromMux(services: GatewayServices, list: FetchList): Promise<Fetched> {
  const { mux } = services;
  const uploads = await askEach(list.uploadIds, (id) => mux.video.uploads.retrieve(id));
  const jobAnswers = await askEach(list.jobs, (ref) => retrieveRobotsJob(mux, ref.workflow, ref.id));
  const jobs = new Map(
    list.jobs.map((ref) => [ref.id, { ...(jobAnswers.get(ref) as Answer<RobotsJob>), workflow: ref.workflow }]),
  );
  const assetIds = new Set(list.assetIds);
  for (const answer of uploads.values()) if (answer.ok && answer.value?.asset_id) assetIds.add(answer.value.asset_id);
  for (const answer of jobs.values())
    if (answer.ok && answer.value?.status === 'completed') assetIds.add(answer.value.parameters.asset_id);
  const assets = await askEach([...assetIds], (id) => mux.video.assets.retrieve(id));
  return { uploads, jobs, assets };
}

const JOB_GONE = { status: 'errored', type: 'not_found', message: 'Mux no longer has this job.' } as const;

/** Applies what Mux answered; call it inside a transaction. What could not be asked is left as it was. */
export function applyFetched(services: GatewayServices, fetched: Fetched, now: number): Touched {
  const { db } = services;
  const parts: Touched[] = [];
  for (const answer of fetched.uploads.values())
    if (answer.ok && answer.value) parts.push(applyUpload(services.db, answer.value, now));
  for (const [id, answer] of fetched.assets) {
    if (!answer.ok) continue;
    parts.push(
      answer.value
        ? applyAssetSnapshot(db, answer.value, { authoritative: true, askedAt: answer.askedAt }, now)
        : forgetAsset(db, id, now),
    );
  }
  for (const [id, answer] of fetched.jobs) {
    if (!answer.ok) continue;
    if (answer.value) {
      parts.push({ ...nothingTouched(), jobs: [applyRobotsJob(db, answer.workflow, answer.value, now)] });
      continue;
    }
    const known = captionJobByMuxJobId(db, id);
    if (known) parts.push({ ...nothingTouched(), jobs: [endJob(db, known, JOB_GONE, now)] });
  }
  return combineTouched(...parts);
}

/** The Robots jobs Mux described, with their outputs. */
export function answeredJobs(fetched: Fetched): RobotsJob[] {
  return [...fetched.jobs.values()].flatMap((answer) => (answer.ok && answer.value ? [answer.value] : []));
}

/** The failures among the answers, to back off (and honour Mux's Retry-After). */
export function failuresOf(fetched: Fetched): UpstreamError[] {
  return [...fetched.uploads.values(), ...fetched.jobs.values(), ...fetched.assets.values()].flatMap((answer) =>
    answer.ok ? [] : [answer.error],
  );
}

/** Whether every resource on the list was answered (found or gone). */
export function answeredAll(fetched: Fetched, list: FetchList): boolean {
  return (
    list.uploadIds.every((id) => fetched.uploads.get(id)?.ok) &&
    list.jobs.every((job) => fetched.jobs.get(job.id)?.ok) &&
    list.assetIds.every((id) => fetched.assets.get(id)?.ok)
  );
}
