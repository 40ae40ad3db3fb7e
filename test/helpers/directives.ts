import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An always-open send window with no pacing gap, for tests about something else than send windows. */
const OPEN_SENDING = `\`\`\`yaml sending
window:
  days: [sun, mon, tue, wed, thu, fri, sat]
  start: "00:00"
  end: "24:00"
gapMinutes: 0
warmup:
  start: 10
  days: 28
pause:
  hardBounceRate: 0.02
  over: 100
\`\`\``;

/**
 * Copies the repository's directives to `dest` with the `sending` block replaced by an always-open window, so tests
 * that send through the whole application do not depend on the hour or the weekday they run at. Tests of the
 * windows themselves read the real directive.
 */
export function copyDirectives(dest: string): string {
  cpSync('directives', dest, { recursive: true });
  const path = join(dest, 'outreach.md');
  const text = readFileSync(path, 'utf8');
  const replaced = text.replace(/```yaml sending\n[\s\S]*?\n```/, OPEN_SENDING);
  if (replaced === text) throw new Error('directives/outreach.md has no `yaml sending` block to replace');
  writeFileSync(path, replaced);
  return dest;
}

let shared: string | undefined;

/** One such copy per test process (read-only use). */
export function openWindowDirectives(): string {
  shared ??= copyDirectives(join(mkdtempSync(join(tmpdir(), 'leadbot-directives-')), 'directives'));
  return shared;
}
