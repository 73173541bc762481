CREATE TABLE `assets` (
	`mux_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`duration_seconds` real,
	`created_at` integer NOT NULL,
	`title` text,
	`passthrough` text,
	`playback_ids` text NOT NULL,
	`upload_id` text,
	`errors` text,
	`deleted` integer DEFAULT false NOT NULL,
	`settled` integer NOT NULL,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assets_listing` ON `assets` (`created_at`,`mux_id`);--> statement-breakpoint
CREATE TABLE `caption_files` (
	`id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`vtt` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `caption_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`asset_id` text,
	`upload_id` text,
	`track_id` text,
	`language_code` text,
	`mux_job_id` text,
	`mux_workflow` text,
	`requested_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`units_consumed` integer,
	`errors` text,
	`source_track_id` text,
	`replaced_track_id` text,
	`parameters` text,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `caption_jobs_asset` ON `caption_jobs` (`asset_id`,`requested_at`);--> statement-breakpoint
CREATE INDEX `caption_jobs_upload` ON `caption_jobs` (`upload_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `caption_jobs_mux_job` ON `caption_jobs` (`mux_job_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `caption_jobs_track` ON `caption_jobs` (`kind`,`track_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`caller` text NOT NULL,
	`key` text NOT NULL,
	`operation` text NOT NULL,
	`input_hash` text NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`caller`, `key`)
);
--> statement-breakpoint
CREATE TABLE `list_syncs` (
	`name` text PRIMARY KEY NOT NULL,
	`synced_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mux_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`object_type` text,
	`object_id` text,
	`created_at` text NOT NULL,
	`received_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`payload` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mux_events_object` ON `mux_events` (`object_type`,`object_id`);--> statement-breakpoint
CREATE TABLE `tracks` (
	`mux_id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`type` text NOT NULL,
	`text_type` text,
	`text_source` text,
	`language_code` text,
	`name` text,
	`closed_captions` integer,
	`status` text NOT NULL,
	`primary` integer DEFAULT false NOT NULL,
	`errors` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`mux_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tracks_asset` ON `tracks` (`asset_id`,`position`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`mux_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`asset_id` text,
	`cors_origin` text,
	`url` text,
	`timeout_seconds` integer,
	`new_asset_settings` text,
	`error` text,
	`fetched_at` integer NOT NULL
);
