import { etaText, isFinal, type Job, jobTitle, liveProgress, statusName } from '../jobs';
import { formatDate } from '../time';
import { useNow } from './use-now';

function JobItem({ job, now, compact }: { job: Job; now: number; compact: boolean }) {
  const progress = liveProgress(job, now);
  const percent = Math.round(progress * 100);
  const title = jobTitle(job);
  const eta = etaText(job, now);
  return (
    <li className="job" data-job-id={job.id} data-status={job.status}>
      <div className="job-line">
        <span className="job-title">{title}</span>
        <span className={`badge badge-${job.status.toLowerCase()}`}>{statusName(job.status)}</span>
      </div>
      {!(compact && isFinal(job.status)) && (
        <div className="job-progress">
          <progress max={100} value={percent} aria-label={`${title}: progress`} />
          <span>
            {percent}%{eta && ` · ${eta}`}
          </span>
        </div>
      )}
      {!compact && (
        <p className="job-meta">
          Requested {formatDate(job.requestedAt)}
          {job.finishedAt && ` · finished ${formatDate(job.finishedAt)}`}
          {job.track && ` · track “${job.track.name ?? job.track.languageCode ?? job.track.id}”`}
        </p>
      )}
      {job.errors.length > 0 && (
        <ul className="job-errors">
          {job.errors.map((error) => (
            <li key={`${error.type}:${error.message}`}>{error.message}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** Caption jobs with a progress bar and ETA that move between the gateway's pushes. */
export function JobList({ jobs, compact = false, empty }: { jobs: readonly Job[]; compact?: boolean; empty: string }) {
  const now = useNow(jobs.some((job) => !isFinal(job.status)));
  if (jobs.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className={compact ? 'jobs jobs-compact' : 'jobs'}>
      {jobs.map((job) => (
        <JobItem key={job.id} job={job} now={now} compact={compact} />
      ))}
    </ul>
  );
}
