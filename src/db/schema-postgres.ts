import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import type { TranscriptWord } from '../transcripts/model.js';
import { CAPTION_JOB_KINDS, CAPTION_JOB_STATUSES, type RobotsOutputs, TRANSCRIPT_SOURCES } from './schema.js';
import type { CommittedChanges } from './store.js';

/*
 * The same tables as schema.ts, in PostgreSQL's types: Unix-millisecond times as bigint (read as numbers),
 * JSON as jsonb, flags as boolean. Row types match SQLite's, so one set of queries serves both. The search
 * column and the triggers that keep transcripts in step are in the custom migration drizzle/postgres/0001.
 */

const unixMs = (name: string) => bigint(name, { mode: 'number' });

export const muxEvents = pgTable(
  'mux_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    createdAt: text('created_at').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
    payload: jsonb('payload').notNull(),
    appliedAt: unixMs('applied_at'),
    rejectedReason: text('rejected_reason'),
  },
  (table) => [
    index('mux_events_object').on(table.objectType, table.objectId),
    index('mux_events_unapplied').on(table.appliedAt),
  ],
);

export const assets = pgTable(
  'assets',
  {
    muxId: text('mux_id').primaryKey(),
    status: text('status', { enum: ['preparing', 'ready', 'errored'] }).notNull(),
    durationSeconds: doublePrecision('duration_seconds'),
    createdAt: unixMs('created_at').notNull(),
    title: text('title'),
    passthrough: text('passthrough'),
    playbackIds: jsonb('playback_ids').$type<{ id: string; policy: string }[]>().notNull(),
    uploadId: text('upload_id'),
    errors: jsonb('errors').$type<{ type?: string; messages?: string[] } | null>(),
    deleted: boolean('deleted').notNull().default(false),
    settled: boolean('settled').notNull(),
    fetchedAt: unixMs('fetched_at').notNull(),
  },
  (table) => [index('assets_listing').on(table.createdAt, table.muxId)],
);

export const tracks = pgTable(
  'tracks',
  {
    muxId: text('mux_id').primaryKey(),
    assetId: text('asset_id')
      .notNull()
      .references(() => assets.muxId, { onDelete: 'cascade' }),
    type: text('type', { enum: ['video', 'audio', 'text'] }).notNull(),
    textType: text('text_type'),
    textSource: text('text_source'),
    languageCode: text('language_code'),
    name: text('name'),
    closedCaptions: boolean('closed_captions'),
    status: text('status', { enum: ['preparing', 'ready', 'errored', 'deleted'] }).notNull(),
    primary: boolean('primary').notNull().default(false),
    errors: jsonb('errors').$type<{ type?: string; messages?: string[] } | null>(),
    position: integer('position').notNull(),
    writtenAt: unixMs('written_at').notNull().default(0),
  },
  (table) => [index('tracks_asset').on(table.assetId, table.position)],
);

export const uploads = pgTable('uploads', {
  muxId: text('mux_id').primaryKey(),
  status: text('status', { enum: ['waiting', 'asset_created', 'errored', 'cancelled', 'timed_out'] }).notNull(),
  assetId: text('asset_id'),
  corsOrigin: text('cors_origin'),
  url: text('url'),
  timeoutSeconds: integer('timeout_seconds'),
  newAssetSettings: jsonb('new_asset_settings').$type<Record<string, unknown> | null>(),
  error: jsonb('error').$type<{ type?: string; message?: string } | null>(),
  fetchedAt: unixMs('fetched_at').notNull(),
});

export const captionJobs = pgTable(
  'caption_jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: CAPTION_JOB_KINDS }).notNull(),
    status: text('status', { enum: CAPTION_JOB_STATUSES }).notNull(),
    assetId: text('asset_id'),
    uploadId: text('upload_id'),
    trackId: text('track_id'),
    languageCode: text('language_code'),
    muxJobId: text('mux_job_id'),
    muxWorkflow: text('mux_workflow'),
    requestedAt: unixMs('requested_at').notNull(),
    startedAt: unixMs('started_at'),
    finishedAt: unixMs('finished_at'),
    unitsConsumed: integer('units_consumed'),
    errors: jsonb('errors').$type<{ type: string; message: string; retryable?: boolean }[] | null>(),
    sourceTrackId: text('source_track_id'),
    replacedTrackId: text('replaced_track_id'),
    parameters: jsonb('parameters').$type<Record<string, unknown> | null>(),
    outputs: jsonb('outputs').$type<RobotsOutputs | null>(),
    fetchedAt: unixMs('fetched_at').notNull(),
  },
  (table) => [
    index('caption_jobs_asset').on(table.assetId, table.requestedAt),
    index('caption_jobs_upload').on(table.uploadId),
    uniqueIndex('caption_jobs_mux_job').on(table.muxJobId),
    uniqueIndex('caption_jobs_track').on(table.kind, table.trackId),
  ],
);

export const listSyncs = pgTable('list_syncs', {
  name: text('name').primaryKey(),
  syncedAt: unixMs('synced_at').notNull(),
});

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    caller: text('caller').notNull(),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    inputHash: text('input_hash').notNull(),
    result: jsonb('result').$type<unknown>(),
    createdAt: unixMs('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.caller, table.key] })],
);

export const captionFiles = pgTable('caption_files', {
  id: text('id').primaryKey(),
  assetId: text('asset_id').notNull(),
  vtt: text('vtt').notNull(),
  createdAt: unixMs('created_at').notNull(),
});

export const transcripts = pgTable(
  'transcripts',
  {
    id: text('id').primaryKey(),
    assetId: text('asset_id').notNull(),
    trackId: text('track_id'),
    muxJobId: text('mux_job_id'),
    languageCode: text('language_code'),
    source: text('source', { enum: TRANSCRIPT_SOURCES }).notNull(),
    cueCount: integer('cue_count').notNull(),
    wordCount: integer('word_count').notNull(),
    words: jsonb('words').$type<TranscriptWord[] | null>(),
    capturedAt: unixMs('captured_at').notNull(),
  },
  (table) => [
    index('transcripts_asset').on(table.assetId, table.languageCode),
    index('transcripts_track').on(table.trackId),
    index('transcripts_mux_job').on(table.muxJobId),
  ],
);

export const transcriptCues = pgTable(
  'transcript_cues',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    transcriptId: text('transcript_id')
      .notNull()
      .references(() => transcripts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    speaker: text('speaker'),
    text: text('text').notNull(),
  },
  (table) => [index('transcript_cues_time').on(table.transcriptId, table.startMs)],
);

export const workLeases = pgTable('work_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  until: unixMs('until').notNull(),
});

/**
 * What each commit changed (the rows as they were committed), in commit order, for the other instances: a
 * notification carries only the entry's number, and an instance whose listening connection dropped reads on
 * from the last entry it saw.
 */
export const changeLog = pgTable('change_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  instance: text('instance').notNull(),
  changes: jsonb('changes').$type<CommittedChanges>().notNull(),
  at: unixMs('at').notNull(),
});

/**
 * Cost points each API key spent in its current window, shared by every instance (PostgreSQL only: on SQLite
 * one instance counts in memory). The layout rate-limiter-flexible's RateLimiterPostgres reads and writes.
 */
export const rateLimits = pgTable('rate_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});
