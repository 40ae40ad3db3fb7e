"""Writes src/db/pg/schema.ts, the PostgreSQL twin of src/db/schema.ts (run after changing the SQLite schema,
then drizzle-kit generate --config drizzle.pg.config.ts; npm run db:generate does all three). test/db/schema-contract.test.ts fails when the two disagree."""
import os
import re
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
s=open(os.path.join(ROOT, 'src/db/schema.ts')).read()
s=s.replace("import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';",
 "import {\n  boolean,\n  customType,\n  doublePrecision,\n  index,\n  integer,\n  jsonb,\n  pgTable,\n  primaryKey,\n  serial,\n  text,\n  timestamp,\n  uniqueIndex,\n} from 'drizzle-orm/pg-core';")
s=s.replace("""const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const updatedAt = () =>
  integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();""","""const at = (name: string) => timestamp(name, { mode: 'date', withTimezone: true, precision: 3 });
const createdAt = () => at('created_at').notNull().defaultNow();
const updatedAt = () => at('updated_at').notNull().defaultNow();
const json = <T>(name: string) => jsonb(name).$type<T>();
/** Bytes (SQLite's blob); drizzle's pg-core has no bytea column of its own. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });""")
s=re.sub(r"blob\('(\w+)', \{ mode: 'buffer' \}\)", r"bytea('\1')", s)
s=re.sub(r"integer\('(\w+)', \{ mode: 'timestamp_ms' \}\)", r"at('\1')", s)
s=re.sub(r"integer\('(\w+)', \{ mode: 'boolean' \}\)", r"boolean('\1')", s)
s=re.sub(r"integer\('id'\)\.primaryKey\(\{ autoIncrement: true \}\)", "serial('id').primaryKey()", s)
s=s.replace("sqliteTable(","pgTable(")
s=s.replace("from '../pipeline/", "from '../../pipeline/")
s=s.replace("real(","doublePrecision(")
assert 'sqlite' not in s and 'unixepoch' not in s, [l for l in s.splitlines() if 'sqlite' in l or 'unixepoch' in l]
s="/**\n * The PostgreSQL twin of ../schema.ts (drizzle tables are per dialect). Same tables, columns and indexes;\n * test/db/schema-contract.test.ts keeps the two in step.\n */\n"+s
open(os.path.join(ROOT, 'src/db/pg/schema.ts'),'w').write(s)
