import { eq, lte } from 'drizzle-orm';
import { type Db, sessionOf } from '../client.js';
import { conversationMemory } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Per-conversation state with an expiry (`conversation_memory`); what the state means is the caller's business. */
export interface ConversationMemoryStore {
  /** The stored state, or undefined when there is none or it expired. */
  load(conversationKey: string, now: Date): Promise<Record<string, unknown> | undefined>;
  save(conversationKey: string, state: Record<string, unknown>, expiresAt: Date, now: Date): Promise<void>;
  /** Deletes expired rows; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** Conversation memory in SQLite, one row per Slack thread, DM or `leadbot chat` session. */
export function createConversationMemoryRepo(db: Db): ConversationMemoryStore {
  return asyncRepo<ConversationMemoryStore>(sessionOf(db), createConversationMemoryRepoSync(db));
}

function createConversationMemoryRepoSync(db: Db): Sync<ConversationMemoryStore> {
  return {
    load(conversationKey, now) {
      const row = db
        .select()
        .from(conversationMemory)
        .where(eq(conversationMemory.conversationKey, conversationKey))
        .get();
      if (!row || row.expiresAt.getTime() <= now.getTime()) return undefined;
      return row.state;
    },
    save(conversationKey, state, expiresAt, now) {
      db.insert(conversationMemory)
        .values({ conversationKey, state, expiresAt, updatedAt: now })
        .onConflictDoUpdate({ target: conversationMemory.conversationKey, set: { state, expiresAt, updatedAt: now } })
        .run();
    },
    purgeExpired(now) {
      return db.delete(conversationMemory).where(lte(conversationMemory.expiresAt, now)).run().changes;
    },
  };
}
