import type { CompanyFeatures, CompanyRecord, LeadScore } from '../companies/ports.js';
import type { ContactRecord } from '../contacts/ports.js';
import { formatMoney } from '../critic/money.js';
import { renderTemplate } from '../directives/parse.js';
import type { ChosenAngle } from './angles.js';
import type { AngleTemplates } from './directive.js';

/** Everything the Writer knows about one company when it writes. */
export interface WriterContext {
  company: CompanyRecord;
  features: CompanyFeatures | null;
  score: LeadScore | null;
  contact: ContactRecord | null;
  angle: ChosenAngle;
  /** Keys of the angles this company allows. */
  allowedAngles: string[];
  senderName: string;
  /** A reviewer's instructions from Regenerate, if any. */
  instructions: string | null;
}

/** Used when the company has no savings estimate: the ICP's typical share of the bill, never an invented figure. */
const TYPICAL_SHARE = '10–17%';

const money = (value: number | null | undefined) =>
  value === null || value === undefined ? TYPICAL_SHARE : formatMoney(value);

/** The values the prompt and the templates are filled with. */
export function contextValues(ctx: WriterContext, templates: AngleTemplates): Record<string, string> {
  const { company, features, contact } = ctx;
  const firstName = contact?.firstName?.trim() || null;
  const location = [company.city, company.state].filter(Boolean).join(', ');
  const sites = company.siteCount ?? null;
  const siteWord = sites && sites > 1 ? `${sites} sites` : 'site';
  const hasEstimate = features?.savingsLow != null && features.savingsHigh != null;
  return {
    company: company.name,
    industry: company.industry,
    location: location || 'unknown',
    city: company.city ?? 'unknown',
    state: company.state ?? 'your state',
    siteCount: sites === null ? 'unknown' : String(sites),
    sitesPhrase: location ? `${siteWord} in ${location}` : siteWord,
    savingsLow: money(features?.savingsLow),
    savingsMid: money(features?.savingsMid ?? features?.savingsLow),
    savingsHigh: money(features?.savingsHigh),
    savingsRange: hasEstimate
      ? `${formatMoney(features!.savingsLow!)}–${formatMoney(features!.savingsHigh!)}`
      : TYPICAL_SHARE,
    scoreReason: ctx.score?.scoreReason ?? 'none',
    deregulated: features?.deregulated === true ? 'yes' : features?.deregulated === false ? 'no' : 'unknown',
    contactName: contact?.fullName ?? firstName ?? 'unknown',
    contactTitle: contact?.title ?? 'title unknown',
    firstName: firstName ?? '',
    greeting: firstName ? renderTemplate(templates.greeting, { firstName }) : templates.greetingNoName,
    signOff: renderTemplate(templates.signOff, { sender: ctx.senderName }),
    sender: ctx.senderName,
    angle: ctx.angle.key,
    angleLeadWith: ctx.angle.leadWith,
    angleReason: ctx.angle.reason,
    instructions: ctx.instructions ? `\nInstructions from the reviewer (follow them): ${ctx.instructions}\n` : '',
  };
}
