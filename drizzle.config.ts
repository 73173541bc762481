import { defineConfig } from 'drizzle-kit';

/** SQLite, the default store. `npm run db:generate` makes a migration for each dialect. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './drizzle/sqlite',
});
