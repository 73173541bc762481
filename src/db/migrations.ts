import { readMigrationFiles } from 'drizzle-orm/migrator';

/** Each dialect's committed migrations (their creation times), read once per folder. */
const committed = new Map<string, number[]>();

/**
 * How many of the committed migrations in `folder` are newer than the last one the database recorded as
 * applied: drizzle's migrator applies exactly those, by the same comparison.
 */
export function unappliedMigrations(folder: string, lastAppliedAt: number | null): number {
  let times = committed.get(folder);
  if (!times) {
    times = readMigrationFiles({ migrationsFolder: folder }).map((migration) => migration.folderMillis);
    committed.set(folder, times);
  }
  return times.filter((time) => lastAppliedAt === null || time > lastAppliedAt).length;
}
