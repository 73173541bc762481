import { defineConfig } from 'drizzle-kit';

/** PostgreSQL, the store for several instances (DATABASE_URL). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-postgres.ts',
  out: './drizzle/postgres',
});
