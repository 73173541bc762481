import type { JobFields, ResultOf } from './graphql';

export type Job = ResultOf<typeof JobFields>;
export type JobStatus = Job['status'];

const FINAL: readonly JobStatus[] = ['COMPLETED', 'ERRORED', 'CANCELLED', 'SKIPPED'];
/** The gateway's own estimate never claims done before Mux says so. */
const MOST_BEFORE_DONE = 0.99;

export const isFinal = (status: JobStatus): boolean => FINAL.includes(status);

/**
 * Progress between two pushes: the gateway sends a job when its status changes, so the bar moves on the same
 * estimate the gateway makes (elapsed time against `estimatedFinishAt`), and never back.
 */
export function liveProgress(job: Job, now: number): number {
  if (isFinal(job.status)) return 1;
  if (job.status !== 'PROCESSING' || !job.estimatedFinishAt) return job.progress;
  const start = Date.parse(job.startedAt ?? job.requestedAt);
  const finish = Date.parse(job.estimatedFinishAt);
  if (!(finish > start)) return job.progress;
  const estimate = Math.min(MOST_BEFORE_DONE, Math.max(0, (now - start) / (finish - start)));
  return Math.max(job.progress, estimate);
}

export function etaText(job: Job, now: number): string {
  if (isFinal(job.status) || !job.estimatedFinishAt) return '';
  const left = Math.round((Date.parse(job.estimatedFinishAt) - now) / 1000);
  if (left <= 0) return 'finishing';
  if (left < 60) return `about ${left} s left`;
  return `about ${Math.round(left / 60)} min left`;
}

const KIND_NAMES: Record<Job['kind'], string> = {
  AUTO_GENERATED: 'Auto-generated captions',
  GENERATED: 'Generated captions',
  PREMIUM: 'Premium captions',
  REPLACEMENT: 'Edited captions',
  TRANSLATION: 'Translation',
  EDIT: 'Robots edit',
  ADDED: 'Added captions',
};

export const jobTitle = (job: Pick<Job, 'kind' | 'languageCode'>): string =>
  job.languageCode ? `${KIND_NAMES[job.kind]} (${job.languageCode})` : KIND_NAMES[job.kind];

export const statusName = (status: string): string => status.charAt(0) + status.slice(1).toLowerCase();
