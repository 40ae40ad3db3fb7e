import { defineConfig } from 'drizzle-kit';

/** PostgreSQL (DATABASE_URL=postgres://…): the same tables as drizzle.config.ts, in their own migrations folder. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: './migrations-pg',
});
