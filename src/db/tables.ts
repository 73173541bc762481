import * as sqlite from './schema.js';

/**
 * The tables the queries are written against. Both dialects have them with the same names, columns and row
 * types; the queries are typed by SQLite's and run on whichever dialect's tables the store was opened with.
 */
export interface Tables {
  muxEvents: typeof sqlite.muxEvents;
  assets: typeof sqlite.assets;
  tracks: typeof sqlite.tracks;
  uploads: typeof sqlite.uploads;
  captionJobs: typeof sqlite.captionJobs;
  listSyncs: typeof sqlite.listSyncs;
  idempotencyKeys: typeof sqlite.idempotencyKeys;
  captionFiles: typeof sqlite.captionFiles;
  transcripts: typeof sqlite.transcripts;
  transcriptCues: typeof sqlite.transcriptCues;
  workLeases: typeof sqlite.workLeases;
}

export const SQLITE_TABLES: Tables = sqlite;
