import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { TranscriptWord } from '../transcripts/model.js';

/** Every webhook event Mux delivered and the gateway verified, unique by Mux's event id. */
export const muxEvents = sqliteTable(
  'mux_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    /** What the event is about (asset, track, upload, job), read from its data where Mux's `object` is vague. */
    objectType: text('object_type'),
    objectId: text('object_id'),
    createdAt: text('created_at').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`),
    payload: text('payload', { mode: 'json' }).notNull(),
    /**
     * Unix ms when the event's effect reached the cached state; null while it still needs something fetched
     * from Mux first (stored and acknowledged, finished after the answer, or after a restart).
     */
    appliedAt: integer('applied_at'),
    /** Why a validly signed event could not be read; such an event is kept as received, and applied as nothing. */
    rejectedReason: text('rejected_reason'),
  },
  (table) => [
    index('mux_events_object').on(table.objectType, table.objectId),
    index('mux_events_unapplied').on(table.appliedAt),
  ],
);

/** Timestamps are Unix milliseconds; `fetchedAt` is when Mux last confirmed the row (freshness). */
export const assets = sqliteTable(
  'assets',
  {
    muxId: text('mux_id').primaryKey(),
    status: text('status', { enum: ['preparing', 'ready', 'errored'] }).notNull(),
    durationSeconds: real('duration_seconds'),
    createdAt: integer('created_at').notNull(),
    title: text('title'),
    passthrough: text('passthrough'),
    playbackIds: text('playback_ids', { mode: 'json' }).$type<{ id: string; policy: string }[]>().notNull(),
    uploadId: text('upload_id'),
    errors: text('errors', { mode: 'json' }).$type<{ type?: string; messages?: string[] } | null>(),
    deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
    /** Neither the asset nor any of its tracks is still preparing. */
    settled: integer('settled', { mode: 'boolean' }).notNull(),
    fetchedAt: integer('fetched_at').notNull(),
  },
  (table) => [index('assets_listing').on(table.createdAt, table.muxId)],
);

export const tracks = sqliteTable(
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
    closedCaptions: integer('closed_captions', { mode: 'boolean' }),
    status: text('status', { enum: ['preparing', 'ready', 'errored', 'deleted'] }).notNull(),
    primary: integer('primary', { mode: 'boolean' }).notNull().default(false),
    errors: text('errors', { mode: 'json' }).$type<{ type?: string; messages?: string[] } | null>(),
    position: integer('position').notNull(),
    /**
     * Unix ms when the gateway last wrote what Mux said about the track (webhook, read or mutation). A read
     * from Mux asked for before then may predate the track, so it does not remove it.
     */
    writtenAt: integer('written_at').notNull().default(0),
  },
  (table) => [index('tracks_asset').on(table.assetId, table.position)],
);

export const uploads = sqliteTable('uploads', {
  muxId: text('mux_id').primaryKey(),
  status: text('status', { enum: ['waiting', 'asset_created', 'errored', 'cancelled', 'timed_out'] }).notNull(),
  assetId: text('asset_id'),
  corsOrigin: text('cors_origin'),
  url: text('url'),
  timeoutSeconds: integer('timeout_seconds'),
  newAssetSettings: text('new_asset_settings', { mode: 'json' }).$type<Record<string, unknown> | null>(),
  error: text('error', { mode: 'json' }).$type<{ type?: string; message?: string } | null>(),
  fetchedAt: integer('fetched_at').notNull(),
});

/** Robots job outputs the gateway keeps, in its own names (Mux's are in domain/model.ts). */
export interface RobotsOutputs {
  detectedLanguageCode?: string;
  languageConfidence?: number;
  neverTranslateTermsPreserved?: boolean;
}

export const CAPTION_JOB_KINDS = [
  'auto_generated',
  'generated',
  'premium',
  'replacement',
  'translation',
  'edit',
  'added',
] as const;
export const CAPTION_JOB_STATUSES = ['pending', 'processing', 'completed', 'errored', 'cancelled', 'skipped'] as const;
/** Statuses a job never leaves. */
export const CAPTION_JOB_FINAL_STATUSES = ['completed', 'errored', 'cancelled', 'skipped'] as const;

export const captionJobs = sqliteTable(
  'caption_jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: CAPTION_JOB_KINDS }).notNull(),
    status: text('status', { enum: CAPTION_JOB_STATUSES }).notNull(),
    /** Unknown only while a direct upload has not turned into an asset yet. */
    assetId: text('asset_id'),
    uploadId: text('upload_id'),
    trackId: text('track_id'),
    languageCode: text('language_code'),
    muxJobId: text('mux_job_id'),
    muxWorkflow: text('mux_workflow'),
    requestedAt: integer('requested_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    unitsConsumed: integer('units_consumed'),
    errors: text('errors', { mode: 'json' }).$type<{ type: string; message: string; retryable?: boolean }[] | null>(),
    /** The track the work starts from (replacement, translation, edit). */
    sourceTrackId: text('source_track_id'),
    /** The track the work took away (replaced by premium captions or by an edited file). */
    replacedTrackId: text('replaced_track_id'),
    /** What was asked for, as the gateway's own input (never credentials). */
    parameters: text('parameters', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    /** What a Robots job reported besides its tracks: the language it detected, terms it kept. */
    outputs: text('outputs', { mode: 'json' }).$type<RobotsOutputs | null>(),
    fetchedAt: integer('fetched_at').notNull(),
  },
  (table) => [
    index('caption_jobs_asset').on(table.assetId, table.requestedAt),
    index('caption_jobs_upload').on(table.uploadId),
    uniqueIndex('caption_jobs_mux_job').on(table.muxJobId),
    uniqueIndex('caption_jobs_track').on(table.kind, table.trackId),
  ],
);

/** When a whole collection (the asset index) was last read from Mux. */
export const listSyncs = sqliteTable('list_syncs', {
  name: text('name').primaryKey(),
  syncedAt: integer('synced_at').notNull(),
});

/** Results of mutations sent with an idempotency key, per caller, kept so a retry returns the first result. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    caller: text('caller').notNull(),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    /** Hash of the input, so the same key with a different input is refused rather than answered wrongly. */
    inputHash: text('input_hash').notNull(),
    result: text('result', { mode: 'json' }).$type<unknown>(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.caller, table.key] })],
);

/** Edited caption files the gateway serves to Mux (captionsReplace), by an unguessable id. */
export const captionFiles = sqliteTable('caption_files', {
  id: text('id').primaryKey(),
  assetId: text('asset_id').notNull(),
  vtt: text('vtt').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const TRANSCRIPT_SOURCES = ['text_track', 'premium_captions'] as const;

/**
 * Transcripts kept for good: Mux serves text tracks from the stream host and premium outputs for only 7 days.
 * Keyed by the track's Mux id, or by the Robots job id for premium captions made without a track
 * (upload_to_mux: false). Cues live in transcript_cues, which the transcript_cue_index FTS5 table mirrors.
 */
export const transcripts = sqliteTable(
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
    /** Word timings, where premium captions included them. */
    words: text('words', { mode: 'json' }).$type<TranscriptWord[] | null>(),
    capturedAt: integer('captured_at').notNull(),
  },
  (table) => [
    index('transcripts_asset').on(table.assetId, table.languageCode),
    index('transcripts_track').on(table.trackId),
    index('transcripts_mux_job').on(table.muxJobId),
  ],
);

export const transcriptCues = sqliteTable(
  'transcript_cues',
  {
    /** AUTOINCREMENT: an FTS5 rowid is never reused by a later cue. */
    id: integer('id').primaryKey({ autoIncrement: true }),
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

/**
 * Who does a piece of background work (following unfinished caption work, a replacement) until when: with
 * several instances on one database, each piece is done by one of them at a time, and by another once the
 * holder stops renewing it.
 */
export const workLeases = sqliteTable('work_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  until: integer('until').notNull(),
});
