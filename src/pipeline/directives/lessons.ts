import type { DirectiveStore } from './store.js';

/** A directive's "Lessons learned" as prompt text ("Lessons learned:\n- …"), or '' when it has none. */
export function lessonsForPrompt(store: DirectiveStore, name: string): string {
  const lessons = store.get(name).lessons;
  return lessons.length > 0 ? `Lessons learned:\n${lessons.map((l) => `- ${l}`).join('\n')}` : '';
}

/**
 * A system prompt with the directive's applied lessons appended, so an amendment a human applied shapes the next
 * model call of that stage.
 */
export function withLessons(system: string, store: DirectiveStore, name: string): string {
  const lessons = lessonsForPrompt(store, name);
  return lessons ? `${system}\n\n${lessons}` : system;
}
