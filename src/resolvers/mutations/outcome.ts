import type { UserErrorEntry } from '../../errors.js';

export interface Warning {
  code: 'beta_language';
  message: string;
  field: string[];
}

/**
 * What a mutation produced, by reference: payloads load the current state of each id, and an idempotent
 * retry returns the same references.
 */
export interface MutationOutcome {
  assetId?: string;
  uploadId?: string;
  trackId?: string;
  deletedTrackId?: string;
  jobIds: string[];
  warnings: Warning[];
  userErrors: UserErrorEntry[];
}

export function outcome(parts: Partial<MutationOutcome>): MutationOutcome {
  return { jobIds: [], warnings: [], userErrors: [], ...parts };
}
