import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import type { Lead } from '../../pipeline/companies/ports.js';
import { describeCrmState } from '../../pipeline/crm/check.js';
import type { CliContext } from '../context.js';
import { leadJson } from '../leads.js';

interface ComponentLine {
  label?: string;
  id?: string;
  raw?: unknown;
  points?: number;
  weight?: number;
  weighted?: number;
}

const money = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : `$${Math.round(n).toLocaleString('en-US')}`;
const known = (v: unknown) => (v === null || v === undefined || v === '' ? 'unknown' : String(v));

/** Everything known about one lead, as lines of text. */
function describeLead(lead: Lead): string[] {
  const { company: c, score, features } = lead;
  const lines = [
    `${c.name} (#${c.id}) · ${c.industry} · ${[c.city, c.state].filter(Boolean).join(', ') || 'location unknown'} · ${c.status}`,
    `  website:    ${known(c.website)}${c.domain ? ` (${c.domain})` : ''}`,
    `  address:    ${known([c.address, c.city, [c.state, c.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', '))}`,
    `  phone:      ${known(c.phone)}`,
    `  employees:  ${known(c.employeeCount)} · sites: ${known(c.siteCount)} · building: ${c.buildingSqft ? `${c.buildingSqft.toLocaleString('en-US')} sq ft` : 'unknown'}`,
    `  sources:    ${c.sources.join(', ') || '—'}`,
  ];
  if (!score) return [...lines, '  not scored yet'];
  lines.push(
    `  score:      ${score.score}/100 (${score.tier}) · profile ${score.profile}`,
    `  reason:     ${score.scoreReason}`,
  );
  const components = (score.breakdown.components ?? []) as ComponentLine[];
  for (const part of components)
    lines.push(
      `    ${(part.label ?? part.id ?? '?').padEnd(36)} ${String(part.points ?? '?').padStart(3)} pts × ${part.weight ?? '?'} = ${part.weighted ?? '?'}`,
    );
  if (features) {
    lines.push(
      `  savings:    ${money(features.savingsLow)} – ${money(features.savingsHigh)} a year (mid ${money(features.savingsMid)}) of ~${money(features.annualSpendEstimate)} spend`,
    );
    if (features.dataGaps.length > 0) lines.push(`  unknown:    ${features.dataGaps.join(', ')}`);
  }
  return lines;
}

export function registerCompanyInfo(program: Command, ctx: CliContext): void {
  program
    .command('company-info')
    .description('show what leadbot knows about a company: facts, sources, score and why')
    .argument('<name...>', 'company name (or part of it), or its domain')
    .option('--json', 'print JSON')
    .action(async (nameParts: string[], opts: { json?: boolean }) => {
      const name = nameParts.join(' ').trim();
      if (!name)
        throw new AppError('invalid_input', 'Give a company name, e.g. leadbot company-info "Lakeview Family Health"');
      const matches = await (await ctx.leadbot()).useCases.findCompanies({ name, limit: 6 }, ctx.actor());
      if (matches.length === 0)
        throw new AppError('not_found', `No company matches "${name}". Try part of the name or its domain.`);
      const lead = matches[0]!.lead;
      const others = matches
        .slice(1)
        .map(({ lead: { company: c } }) => ({ id: c.id, name: c.name, city: c.city, state: c.state }));
      const crm = await (await ctx.leadbot()).useCases.companyCrm({ companyId: lead.company.id }, ctx.actor());
      const inCrm = crm ? describeCrmState(crm) : null;
      if (opts.json) {
        ctx.printJson({
          company: {
            ...lead!.company,
            ...leadJson(lead!),
            breakdown: lead!.score?.breakdown ?? null,
            features: lead!.features,
          },
          crm: crm && {
            crm: crm.crm,
            summary: inCrm!.text,
            url: inCrm!.url,
            check: crm.check ?? null,
            crmId: crm.link?.crmId ?? crm.check?.crmCompanyId ?? null,
            write: crm.write ?? null,
          },
          otherMatches: others,
        });
        return;
      }
      ctx.print(describeLead(lead!).join('\n'));
      if (inCrm) ctx.print(`  crm:        ${inCrm.text}${inCrm.url ? ` · ${inCrm.url}` : ''}`);
      if (others.length > 0)
        ctx.print(
          `\nAlso matching: ${others.map((o) => `${o.name} (#${o.id}${o.city ? `, ${o.city}` : ''})`).join('; ')}`,
        );
    });
}
