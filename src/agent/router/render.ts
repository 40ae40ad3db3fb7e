import type { IntentName, RouteArgs } from './types.js';

function industryWords(industry: string): string {
  return industry.replace(/_/g, ' ');
}

/**
 * The command a user would type to mean exactly this intent and these arguments. The router parses it back to the
 * same reading, so clarifying choices can be re-sent as text.
 */
export function renderCommand(intent: IntentName, args: RouteArgs, industryKeys?: readonly string[]): string {
  const rawIndustry =
    industryKeys !== undefined && args.industry !== undefined && !industryKeys.includes(args.industry);
  switch (intent) {
    case 'search_companies': {
      const what = args.industry
        ? rawIndustry
          ? args.industry
          : `${industryWords(args.industry)} companies`
        : 'companies';
      return `find ${args.count ?? 10} ${what}${args.location ? ` in ${args.location}` : ''}`;
    }
    case 'list_leads':
      return ['show', args.limit, args.status, args.industry ? industryWords(args.industry) : undefined, 'leads']
        .filter((p) => p !== undefined)
        .join(' ')
        .concat(args.location ? ` in ${args.location}` : '');
    case 'list_drafts':
      return ['show', args.limit, args.status, 'drafts'].filter((p) => p !== undefined).join(' ');
    case 'pipeline_status':
      return 'pipeline status';
    case 'win_rates':
      return args.industry ? `win rates for ${industryWords(args.industry)}` : 'win rates';
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
