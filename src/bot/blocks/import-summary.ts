import type { Notifications } from '../../app/notifier.js';
import { type Block, context, escLine, section } from './common.js';

type ImportFinished = Notifications['importFinished'];

const count = (n: number) => n.toLocaleString('en-US');

/** The one message an import gets: its summary and what waits at Gate 1 (the file's text is escaped). */
export function buildImportSummaryBlocks(done: ImportFinished): Block[] {
  const { high, medium, low } = done.tiers;
  const lines = [`:inbox_tray: *Import finished* — ${escLine(done.summary)}`];
  if (done.imported > 0)
    lines.push(
      `${count(high)} high · ${count(medium)} medium · ${count(low)} low waiting for your decision. Say \`list pending leads\` to review them.`,
    );
  return [section(lines.join('\n'), `import:${done.runId}`), context(`run \`${done.runId}\``)];
}

export function importSummaryText(done: ImportFinished): string {
  return `Import finished: ${escLine(done.summary)}`;
}
