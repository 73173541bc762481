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
CREATE INDEX `mux_events_object` ON `mux_events` (`object_type`,`object_id`);