import { z } from 'zod';
import type { ParseMemory } from '../router/followups.js';

/** Storage for conversation state (implemented by src/db/repos/conversation-memory-repo.ts). */
export interface ConversationMemoryPort {
  load(conversationKey: string, now: Date): Promise<Record<string, unknown> | undefined>;
  save(conversationKey: string, state: Record<string, unknown>, expiresAt: Date, now: Date): Promise<void>;
}

const Turn = z.object({ role: z.enum(['user', 'assistant']), text: z.string() });
const Shown = z.object({ id: z.number().int(), name: z.string() });

const StateSchema = z.object({
  lastIntent: z.string().optional(),
  lastArgs: z.record(z.string(), z.unknown()).optional(),
  lastSearch: z.object({ industry: z.string(), location: z.string(), count: z.number().int() }).optional(),
  /** Every company id shown by the current search (same industry and place), so "more" brings new ones. */
  searchShownIds: z.array(z.number().int()).default([]),
  /** The leads last shown, in order ("approve the first two"). */
  shown: z.array(Shown).default([]),
  choices: z.array(z.object({ label: z.string(), text: z.string() })).optional(),
  history: z.array(Turn).default([]),
});
export type ConversationState = z.infer<typeof StateSchema>;

const HISTORY_TURNS = 12;
const TURN_CHARS = 600;

function emptyState(): ConversationState {
  return { searchShownIds: [], shown: [], history: [] };
}

/** Loads a conversation's state; a missing, expired or unreadable row starts fresh. */
export async function loadState(port: ConversationMemoryPort, key: string, now: Date): Promise<ConversationState> {
  const parsed = StateSchema.safeParse((await port.load(key, now)) ?? {});
  return parsed.success ? parsed.data : emptyState();
}

export async function saveState(
  port: ConversationMemoryPort,
  key: string,
  state: ConversationState,
  now: Date,
  ttlHours: number,
): Promise<void> {
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await port.save(key, state as Record<string, unknown>, expiresAt, now);
}

/** Appends a turn, keeping the last few and trimming long texts. */
export function remember(state: ConversationState, role: 'user' | 'assistant', text: string): void {
  const trimmed = text.length > TURN_CHARS ? `${text.slice(0, TURN_CHARS - 1)}…` : text;
  state.history = [...state.history, { role, text: trimmed }].slice(-HISTORY_TURNS);
}

/** What the parser needs from the state. */
export function parseMemoryOf(state: ConversationState): ParseMemory {
  return {
    lastSearch: state.lastSearch,
    lastIntent: state.lastIntent,
    lastArgs: state.lastArgs,
    shown: state.shown,
    choices: state.choices,
  };
}
