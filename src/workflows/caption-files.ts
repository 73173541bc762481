import type { BackgroundTasks } from '../background.js';
import type { Store } from '../db/store.js';
import type { Committed } from '../domain/core.js';
import { isFinal } from '../domain/model.js';
import type { Logger } from '../logger.js';

export interface CaptionFileTakedownDependencies {
  store: Store;
  logger: Logger;
  background: BackgroundTasks;
}

/** The hosted file a job's parameters name (captionsAdd, captionsReplace), if any. */
function hostedFileOf(parameters: Record<string, unknown> | null): string | undefined {
  const fileId = parameters?.fileId;
  return typeof fileId === 'string' ? fileId : undefined;
}

/**
 * Takes down a caption file the gateway served for Mux once the job it served ends, however it ended: Mux
 * has made its track from it, or will not need it.
 */
export function captionFileTakedown(dependencies: CaptionFileTakedownDependencies) {
  return (committed: Committed): void => {
    const fileIds = committed.changes.jobs.flatMap((job) => {
      const fileId = isFinal(job.status) ? hostedFileOf(job.parameters) : undefined;
      return fileId ? [fileId] : [];
    });
    if (fileIds.length === 0) return;
    dependencies.background.run(
      () =>
        dependencies.store.transaction(async (tx) => {
          for (const fileId of fileIds) await tx.captionFiles.delete(fileId);
        }),
      (error) => dependencies.logger.warn('a served caption file could not be taken down', { reason: String(error) }),
    );
  };
}
