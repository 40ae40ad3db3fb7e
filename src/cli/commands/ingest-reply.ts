import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type IngestedReply, parseReply } from '../../app/replies/ingest.js';
import { AppError } from '../../errors.js';
import type { HotLeadAlert } from '../../pipeline/tracker/ingest.js';
import type { CliContext } from '../context.js';

/** Reads the file named on the command line; a wrong kind of file or an unreadable one is a clear error. */
function readEml(path: string, cwd: string): Buffer {
  if (!/\.eml$/i.test(path))
    throw new AppError(
      'invalid_input',
      `"${path}" is not an .eml file; save the reply from your mail client as .eml (the raw message) and pass that`,
    );
  try {
    return readFileSync(resolve(cwd, path));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code ?? cause);
    throw new AppError('invalid_input', `Cannot read ${path}: ${why}`, { cause });
  }
}

function print(out: IngestedReply, hot: HotLeadAlert | undefined): string {
  const c = out.result.classification;
  const lines = [
    `Reply from ${out.from}: “${out.subject}”`,
    `Classification: ${c.classification.replace(/_/g, ' ')} (${c.source}: ${c.reason})`,
    out.send
      ? `Matched: draft #${out.send.draftId} · ${out.send.touch === 0 ? 'first email' : `follow-up ${out.send.touch}`} to ${out.send.recipient} · “${out.send.subject}”`
      : 'Matched: no email leadbot sent (kept for review)',
    `Effect: ${out.result.effect}`,
  ];
  if (hot) lines.push(`Hot lead: ${hot.companyName} (${hot.contactName}). Suggested response:`, hot.suggestedResponse);
  lines.push(`Run ${out.runId}`);
  return lines.join('\n');
}

export function registerIngestReply(program: Command, ctx: CliContext): void {
  program
    .command('ingest-reply')
    .description(
      'read a reply saved as .eml: classify it, match it to the email it answers, stop or pause the sequence',
    )
    .argument('<file>', 'the reply as an .eml file')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      // Parsed before the app opens the database: a bad file writes nothing.
      const raw = readEml(file, ctx.io.cwd);
      await parseReply(raw);
      const { useCases } = await ctx.leadbot();
      let hot: HotLeadAlert | undefined;
      const off = useCases.events.on('hotLead', (alert) => {
        hot = alert;
      });
      try {
        const out = await useCases.ingestReply({ raw }, ctx.actor());
        if (!opts.json) return ctx.print(print(out, hot));
        const c = out.result.classification;
        ctx.printJson({
          runId: out.runId,
          from: out.from,
          subject: out.subject,
          duplicate: out.result.duplicate,
          classification: {
            classification: c.classification,
            source: c.source,
            reason: c.reason,
            returnDate: c.returnDate ?? null,
          },
          matched: out.send,
          sequenceId: out.result.sequenceId,
          effect: out.result.effect,
          hotLead: hot ?? null,
        });
      } finally {
        off();
      }
    });
}
