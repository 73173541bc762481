-- Full-text search over transcript cues (FTS5, which drizzle-kit cannot express). The index is external
-- content over transcript_cues: it stores only the tokens, and these triggers keep it in step with every
-- cue written or removed, including cues removed by the cascade when their transcript is deleted.
-- unicode61 with diacritics folded lets "cafe" find "café"; no stemmer, since transcripts come in many languages.
CREATE VIRTUAL TABLE `transcript_cue_index` USING fts5(`text`, content='transcript_cues', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `transcript_cues_index_insert` AFTER INSERT ON `transcript_cues` BEGIN
  INSERT INTO `transcript_cue_index`(rowid, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `transcript_cues_index_delete` AFTER DELETE ON `transcript_cues` BEGIN
  INSERT INTO `transcript_cue_index`(`transcript_cue_index`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `transcript_cues_index_update` AFTER UPDATE OF `text` ON `transcript_cues` BEGIN
  INSERT INTO `transcript_cue_index`(`transcript_cue_index`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
  INSERT INTO `transcript_cue_index`(rowid, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
-- Transcripts follow the cached state, whichever code path changes it (reads, webhooks, mutations): a track
-- that is gone, deleted or errored takes its transcript (and so its search hits) with it, a track whose
-- language changes relabels its transcript, and a deleted asset takes all of its transcripts.
CREATE TRIGGER `tracks_delete_forgets_transcript` AFTER DELETE ON `tracks` BEGIN
  DELETE FROM `transcripts` WHERE `track_id` = old.`mux_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `tracks_unready_forgets_transcript` AFTER UPDATE OF `status` ON `tracks` WHEN new.`status` IN ('deleted', 'errored') BEGIN
  DELETE FROM `transcripts` WHERE `track_id` = new.`mux_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `tracks_language_relabels_transcript` AFTER UPDATE OF `language_code` ON `tracks` WHEN old.`language_code` IS NOT new.`language_code` BEGIN
  UPDATE `transcripts` SET `language_code` = new.`language_code` WHERE `track_id` = new.`mux_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `assets_delete_forgets_transcripts` AFTER UPDATE OF `deleted` ON `assets` WHEN new.`deleted` BEGIN
  DELETE FROM `transcripts` WHERE `asset_id` = new.`mux_id`;
END;
