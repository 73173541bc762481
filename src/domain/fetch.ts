import type { Asset } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';
import type { MuxApi } from '../mux/api.js';
import { UpstreamError } from '../mux/errors.js';
import type { CaptionRobotsJob, CaptionWorkflow } from '../mux/robots.js';
import type { FetchList, News } from './news.js';

/**
 * Mux's answer for one resource: the resource (and when it was asked for, which decides what the answer may
 * remove), null when Mux no longer has it, or why it could not be asked.
 */
export type Answer<T> = { ok: true; value: T | null; askedAt: number } | { ok: false; error: UpstreamError };

export interface Fetched {
  uploads: Map<string, Answer<Upload>>;
  jobs: Map<string, Answer<CaptionRobotsJob> & { workflow: CaptionWorkflow }>;
  assets: Map<string, Answer<Asset>>;
}

/** Calls at a time, so a restart with much unfinished work does not burst Mux's rate limit. */
const CONCURRENCY = 4;

/**
 * One call to Mux. An answer about another resource than the one asked for is refused: nothing of it is
 * stored, and it counts as Mux failing (so it is asked again later).
 */
async function ask<T extends { id: string }>(id: string, call: () => Promise<T>): Promise<Answer<T>> {
  const askedAt = Date.now();
  try {
    const value = await call();
    if (value.id !== id) {
      const messages = [`Mux answered about ${value.id} when asked about ${id}`];
      return { ok: false, error: new UpstreamError({ kind: 'mismatched', status: undefined, messages }) };
    }
    return { ok: true, value, askedAt };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return error.failure.kind === 'not_found' ? { ok: true, value: null, askedAt } : { ok: false, error };
  }
}

async function askEach<K, T extends { id: string }>(
  keys: readonly K[],
  idOf: (key: K) => string,
  call: (key: K) => Promise<T>,
): Promise<Map<K, Answer<T>>> {
  const answers = new Map<K, Answer<T>>();
  for (let start = 0; start < keys.length; start += CONCURRENCY) {
    const batch = keys.slice(start, start + CONCURRENCY);
    const results = await Promise.all(batch.map((key) => ask(idOf(key), () => call(key))));
    for (const [index, key] of batch.entries()) answers.set(key, results[index] as Answer<T>);
  }
  return answers;
}

/**
 * Reads everything on the list: uploads first, since an upload can name the asset that must be read too, and
 * a completed Robots job brings its asset along, so the job is told together with the track it made.
 */
export async function fetchFromMux(mux: MuxApi, list: FetchList): Promise<Fetched> {
  const same = (id: string) => id;
  const uploads = await askEach(list.uploadIds, same, (id) => mux.retrieveUpload(id));
  const jobAnswers = await askEach(
    list.jobs,
    (ref) => ref.id,
    (ref) => mux.retrieveRobotsJob(ref.workflow, ref.id),
  );
  const jobs = new Map(
    list.jobs.map((ref) => [ref.id, { ...(jobAnswers.get(ref) as Answer<CaptionRobotsJob>), workflow: ref.workflow }]),
  );
  const assetIds = new Set(list.assetIds);
  for (const answer of uploads.values()) if (answer.ok && answer.value?.asset_id) assetIds.add(answer.value.asset_id);
  for (const answer of jobs.values()) {
    if (answer.ok && answer.value?.status === 'completed') assetIds.add(answer.value.parameters.asset_id);
  }
  const assets = await askEach([...assetIds], same, (id) => mux.retrieveAsset(id));
  return { uploads, jobs, assets };
}

/** What Mux answered, as news; what could not be asked is left out. Uploads go first, so their jobs learn the asset. */
export function newsOfFetched(fetched: Fetched): News[] {
  const news: News[] = [];
  for (const answer of fetched.uploads.values())
    if (answer.ok && answer.value) news.push({ about: 'upload', upload: answer.value });
  for (const [muxJobId, answer] of fetched.jobs) {
    if (!answer.ok) continue;
    news.push(
      answer.value
        ? { about: 'robotsJob', job: answer.value, waitsForTrack: false }
        : { about: 'robotsJobGone', muxJobId },
    );
  }
  for (const [assetId, answer] of fetched.assets) {
    if (!answer.ok) continue;
    news.push(
      answer.value
        ? { about: 'asset', asset: answer.value, from: { askedAt: answer.askedAt } }
        : { about: 'assetGone', assetId },
    );
  }
  return news;
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
