ALTER TABLE `mux_events` ADD `applied_at` integer;--> statement-breakpoint
CREATE INDEX `mux_events_unapplied` ON `mux_events` (`applied_at`);--> statement-breakpoint
-- Events stored before events were applied are history: the cache learned that state from Mux itself.
UPDATE `mux_events` SET `applied_at` = `received_at`;
