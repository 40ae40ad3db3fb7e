import { eq, lte } from 'drizzle-orm';
import type { PgDb } from '../client.js';
import { conversationMemory } from '../schema.js';

/** Per-conversation state with an expiry (`conversation_memory`); what the state means is the caller's business. */
export interface ConversationMemoryStore {
  /** The stored state, or undefined when there is none or it expired. */
  load(conversationKey: string, now: Date): Promise<Record<string, unknown> | undefined>;
  save(conversationKey: string, state: Record<string, unknown>, expiresAt: Date, now: Date): Promise<void>;
  /** Deletes expired rows; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** Conversation memory in PostgreSQL, one row per Slack thread, DM or `leadbot chat` session. */
export function createConversationMemoryRepo(db: PgDb): ConversationMemoryStore {
  return {
    async load(conversationKey, now) {
      const row = (
        await db
          .select()
          .from(conversationMemory)
          .where(eq(conversationMemory.conversationKey, conversationKey))
          .limit(1)
      )[0];
      if (!row || row.expiresAt.getTime() <= now.getTime()) return undefined;
      return row.state;
    },
    async save(conversationKey, state, expiresAt, now) {
      await db
        .insert(conversationMemory)
        .values({ conversationKey, state, expiresAt, updatedAt: now })
        .onConflictDoUpdate({ target: conversationMemory.conversationKey, set: { state, expiresAt, updatedAt: now } });
    },
    async purgeExpired(now) {
      return (await db.delete(conversationMemory).where(lte(conversationMemory.expiresAt, now))).rowCount ?? 0;
    },
  };
}
