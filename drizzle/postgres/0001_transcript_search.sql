-- Full-text search over transcript cues, and the triggers that keep transcripts following the cached state;
-- drizzle-kit cannot express either. The same behaviour as SQLite's drizzle/sqlite/0003.
-- Words as they are, without stemming (transcripts come in many languages), diacritics folded so that "cafe"
-- finds "café": the `simple` configuration with unaccent in front of it.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
DO $$ BEGIN
  CREATE TEXT SEARCH CONFIGURATION gateway_search (COPY = simple);
EXCEPTION WHEN unique_violation THEN NULL;
END $$;
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION gateway_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
--> statement-breakpoint
ALTER TABLE "transcript_cues"
  ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('gateway_search'::regconfig, "text")) STORED;
--> statement-breakpoint
CREATE INDEX "transcript_cues_search" ON "transcript_cues" USING gin ("search");
--> statement-breakpoint
CREATE FUNCTION gateway_tracks_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM "transcripts" WHERE "track_id" = OLD."mux_id";
    RETURN OLD;
  END IF;
  IF NEW."status" IN ('deleted', 'errored') THEN
    DELETE FROM "transcripts" WHERE "track_id" = NEW."mux_id";
  ELSIF OLD."language_code" IS DISTINCT FROM NEW."language_code" THEN
    UPDATE "transcripts" SET "language_code" = NEW."language_code" WHERE "track_id" = NEW."mux_id";
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "tracks_follow" AFTER UPDATE OF "status", "language_code" OR DELETE ON "tracks"
  FOR EACH ROW EXECUTE FUNCTION gateway_tracks_follow();
--> statement-breakpoint
CREATE FUNCTION gateway_assets_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."deleted" THEN
    DELETE FROM "transcripts" WHERE "asset_id" = NEW."mux_id";
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "assets_delete_forgets_transcripts" AFTER UPDATE OF "deleted" ON "assets"
  FOR EACH ROW EXECUTE FUNCTION gateway_assets_follow();
