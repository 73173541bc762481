CREATE TABLE `transcript_cues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transcript_id` text NOT NULL,
	`position` integer NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`speaker` text,
	`text` text NOT NULL,
	FOREIGN KEY (`transcript_id`) REFERENCES `transcripts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `transcript_cues_time` ON `transcript_cues` (`transcript_id`,`start_ms`);--> statement-breakpoint
CREATE TABLE `transcripts` (
	`id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`track_id` text,
	`mux_job_id` text,
	`language_code` text,
	`source` text NOT NULL,
	`cue_count` integer NOT NULL,
	`word_count` integer NOT NULL,
	`words` text,
	`captured_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `transcripts_asset` ON `transcripts` (`asset_id`,`language_code`);--> statement-breakpoint
CREATE INDEX `transcripts_track` ON `transcripts` (`track_id`);--> statement-breakpoint
CREATE INDEX `transcripts_mux_job` ON `transcripts` (`mux_job_id`);