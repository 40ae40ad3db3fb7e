import type { IntentName, RouteArgs } from './types.js';

/** The words for an industry key: its label from the lexicon ("professional offices"), else the key spelled out. */
function industryWords(industry: string, labels?: Readonly<Record<string, string>>): string {
  return labels?.[industry] ?? industry.replace(/_/g, ' ');
}

/**
 * The command a user would type to mean exactly this intent and these arguments. The router parses it back to the
 * same reading, so clarifying choices can be re-sent as text.
 */
export function renderCommand(
  intent: IntentName,
  args: RouteArgs,
  industries?: Readonly<Record<string, string>>,
): string {
  const rawIndustry = industries !== undefined && args.industry !== undefined && !(args.industry in industries);
  switch (intent) {
    case 'search_companies': {
      // The user's term as typed; "companies" after one that does not name a kind of place ("healthcare").
      const term = args.industry && !rawIndustry ? industryWords(args.industry, industries) : args.industry;
      const what = term ? (/s$/.test(term) ? term : `${term} companies`) : 'companies';
      return `find ${args.count ?? 10} ${what}${args.location ? ` in ${args.location}` : ''}`;
    }
    case 'list_leads':
      return [
        'show',
        args.limit,
        args.status,
        args.industry ? industryWords(args.industry, industries) : undefined,
        'leads',
      ]
        .filter((p) => p !== undefined)
        .join(' ')
        .concat(args.location ? ` in ${args.location}` : '');
    case 'list_drafts':
      return ['show', args.limit, args.status, 'drafts'].filter((p) => p !== undefined).join(' ');
    case 'pipeline_status':
      return 'pipeline status';
    case 'win_rates':
      return args.industry ? `win rates for ${industryWords(args.industry, industries)}` : 'win rates';
    case 'run_stage':
      return `run ${args.stage ?? 'score'}`;
    case 'company_info':
      return `company info ${args.company ?? ''}`.trim();
    case 'digest':
      return 'digest';
    case 'suppress':
      return `suppress ${args.target ?? ''}`.trim();
    case 'request_approval':
      return `${args.decision ?? 'approve'} ${(args.ids ?? []).join(', ')}`.trim();
    default:
      return intent === 'small_talk' ? 'hi' : intent;
  }
}
