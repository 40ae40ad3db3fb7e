import type { CompanyRecord } from '../companies/ports.js';
import type { CriticCriterion } from '../drafts/ports.js';
import { type DollarFigure, formatMoney, parseDollarFigures } from './money.js';
import type { CriticSettings } from './settings.js';
import { countWords, findPhrases, mentionsCompany, quote, splitSentences } from './text.js';

/** The Analyst's annual savings estimate for the company; nulls when it has none. */
export interface SavingsEstimate {
  low: number | null;
  mid: number | null;
  high: number | null;
}

export interface CheckedFigure extends DollarFigure {
  withinEstimate: boolean;
}

type Points = CriticCriterion['points'];
const code = (key: CriticCriterion['key'], points: Points, note: string): CriticCriterion => ({
  key,
  points,
  note,
  checkedBy: 'code',
});

const rangeText = (e: SavingsEstimate) => `${formatMoney(e.low!)}–${formatMoney(e.high!)}`;
const hasEstimate = (e: SavingsEstimate) => e.low !== null && e.high !== null;

/** Details specific to the company other than its name, as they would be written. */
function detailsOf(company: CompanyRecord): string[] {
  const details: string[] = [];
  if (company.city) details.push(company.city);
  if (company.siteCount && company.siteCount > 1)
    details.push(`${company.siteCount} sites`, `${company.siteCount} locations`);
  return details;
}

/** Personalised: names the company (2), or only a specific detail (1). */
export function checkPersonalised(body: string, company: CompanyRecord): CriticCriterion {
  if (mentionsCompany(body, company.name)) return code('personalised', 2, `Names ${company.name}`);
  const detail = findPhrases(body, detailsOf(company))[0];
  if (detail) return code('personalised', 1, `Mentions ${detail} but never names ${company.name}; name the company`);
  return code('personalised', 0, `Nothing specific to ${company.name}: name the company and one detail`);
}

/**
 * Specific number: every dollar figure must lie within the estimate (± tolerance for rounding). A figure outside
 * it is a hard failure naming the figure.
 */
export function checkFigures(
  subject: string,
  body: string,
  company: CompanyRecord,
  estimate: SavingsEstimate,
  tolerance: number,
): { criterion: CriticCriterion; figures: CheckedFigure[]; hardFailures: string[] } {
  const figures = parseDollarFigures(`${subject}\n${body}`).map((f) => ({
    ...f,
    withinEstimate:
      hasEstimate(estimate) &&
      f.value >= estimate.low! * (1 - tolerance) &&
      f.value <= estimate.high! * (1 + tolerance),
  }));
  const shown = (f: DollarFigure) =>
    parseDollarFigures(f.text).length > 1 ? `${formatMoney(f.value)} (in ${f.text})` : f.text;
  if (!hasEstimate(estimate)) {
    const failures = figures.map(
      (f) => `${shown(f)} cannot be checked: ${company.name} has no savings estimate, so quote no dollar figure`,
    );
    const criterion =
      failures.length > 0
        ? code('specific_number', 0, failures.join('; '))
        : code('specific_number', 1, `No savings estimate for ${company.name}, so no figure to quote`);
    return { criterion, figures, hardFailures: failures };
  }
  const outside = figures.filter((f) => !f.withinEstimate);
  if (outside.length > 0) {
    const failures = outside.map(
      (f) =>
        `${shown(f)} is outside the Analyst's estimate for ${company.name} (${rangeText(estimate)}): ` +
        'use only figures from the estimate',
    );
    return { criterion: code('specific_number', 0, failures.join('; ')), figures, hardFailures: failures };
  }
  if (figures.length === 0) {
    const example = estimate.mid !== null ? `about ${formatMoney(estimate.mid)} a year` : rangeText(estimate);
    return {
      criterion: code(
        'specific_number',
        0,
        `No dollar figure: quote the estimate, e.g. ${example} (${rangeText(estimate)})`,
      ),
      figures,
      hardFailures: [],
    };
  }
  const list = [...new Set(figures.map((f) => f.text))].join(', ');
  return {
    criterion: code('specific_number', 2, `${list} within the estimate (${rangeText(estimate)})`),
    figures,
    hardFailures: [],
  };
}

/** The sentences that ask something: a question, or a call-to-action phrase. */
function findAsks(body: string, ctaPhrases: readonly string[]): string[] {
  return splitSentences(body).filter((s) => /\?["”')\]]*$/.test(s) || findPhrases(s, ctaPhrases).length > 0);
}

/** One clear call to action: exactly one ask. */
export function checkCallToAction(body: string, ctaPhrases: readonly string[]): CriticCriterion {
  const asks = findAsks(body, ctaPhrases);
  if (asks.length === 1) return code('clear_cta', 2, `One ask: ${quote(asks[0]!)}`);
  if (asks.length === 0)
    return code(
      'clear_cta',
      0,
      'No ask: end with one specific question or call to action (a call, the audit, a reply)',
    );
  return code('clear_cta', 1, `${asks.length} asks (${asks.map((a) => quote(a, 50)).join(', ')}): keep only one`);
}

/** Subject: names the company or a specific detail (city, site count, a figure within the estimate). */
export function checkSubject(subject: string, company: CompanyRecord, figures: CheckedFigure[]): CriticCriterion {
  if (subject.trim().length === 0) return code('subject_specific', 0, 'No subject');
  if (mentionsCompany(subject, company.name)) return code('subject_specific', 2, `Subject names ${company.name}`);
  const inSubject = parseDollarFigures(subject).filter((f) =>
    figures.some((g) => g.text === f.text && g.withinEstimate),
  );
  const detail = findPhrases(subject, detailsOf(company))[0] ?? inSubject[0]?.text;
  if (detail) return code('subject_specific', 2, `Subject names a specific detail (${detail})`);
  return code('subject_specific', 0, `Generic subject ${quote(subject)}: name ${company.name} or a specific detail`);
}

/** The banned phrases and AI tells in the draft. */
export function findTells(subject: string, body: string, settings: CriticSettings): string[] {
  return findPhrases(`${subject}\n${body}`, settings.bannedPhrases);
}

/** Sounds human without a model: banned phrases, length, sentence length, exclamation marks, dashes. */
export function estimateSoundsHuman(subject: string, body: string, settings: CriticSettings): CriticCriterion {
  const issues: string[] = [];
  let points = 2;
  const tells = findTells(subject, body, settings);
  if (tells.length > 0) {
    points -= tells.length;
    issues.push(`uses ${tells.map((t) => quote(t)).join(', ')}`);
  }
  const words = countWords(body);
  if (words > settings.maxWords) {
    points -= 1;
    issues.push(`${words} words; keep it under ${settings.maxWords}`);
  }
  const long = splitSentences(body).filter((s) => countWords(s) > settings.maxSentenceWords);
  if (long.length > 0) {
    points -= 1;
    issues.push(`${long.length} sentence(s) over ${settings.maxSentenceWords} words`);
  }
  if (/!/.test(`${subject}${body}`)) {
    points -= 1;
    issues.push('exclamation marks');
  }
  if ((body.match(/—/g) ?? []).length > 2) {
    points -= 1;
    issues.push('leans on dashes');
  }
  const clamped = Math.max(0, Math.min(2, points)) as Points;
  const note =
    issues.length === 0
      ? 'Reads plainly: short sentences, no stock phrases (rule-based estimate, no model)'
      : `Sounds less human: ${issues.join('; ')} (rule-based estimate, no model)`;
  return code('sounds_human', clamped, note);
}
