import type { RouteArgs } from '../../../src/agent/router/types.js';
import type { Case } from './table.js';

/**
 * The development set for issue 18, written from each intent's description (DESIGN.md's catalogue, the issue's
 * classes: open-vocabulary industries, morphology, Slack encodings, polite wrappers, natural phrasings of every
 * tier-2 intent, and the messages that need reasoning). Tuned on, unlike never-tuned.ts.
 */
const s = (industry: string, location: string, count = 10): RouteArgs => ({ industry, location, count });

export const DESCRIBED: Case[] = [
  // search: count + a kind of business in the user's words + a place; words the vocabulary does not know too
  ['find 9 animal shelters in Tulsa', 'intent', 'search_companies', s('animal shelters', 'Tulsa', 9)],
  ['get me 15 fintech startups in Miami', 'intent', 'search_companies', s('fintech startups', 'Miami', 15)],
  ['find 10 cabinet makers in Akron', 'intent', 'search_companies', s('cabinet makers', 'Akron')],
  ['search for tattoo parlors near Austin', 'intent', 'search_companies', s('tattoo parlors', 'Austin')],
  ['find 20 tire shops in Fresno', 'intent', 'search_companies', s('tire shops', 'Fresno', 20)],
  ['find 10 bike repair shops in Portland, OR', 'intent', 'search_companies', s('bike repair shops', 'Portland, OR')],
  ['find 10 orthodontists in Boise', 'intent', 'search_companies', s('orthodontists', 'Boise')],
  ['find 5 distilleries in Kentucky', 'intent', 'search_companies', s('distilleries', 'Kentucky', 5)],
  ['look for 12 animal hospitals around Reno', 'intent', 'search_companies', s('animal hospitals', 'Reno', 12)],
  ['find 10 martial arts studios in Plano', 'intent', 'search_companies', s('martial arts studios', 'Plano')],
  ['find 10 Mexican restaurants in San Diego', 'intent', 'search_companies', s('mexican restaurants', 'San Diego')],
  ['find 10 AI startups in Palo Alto', 'intent', 'search_companies', s('ai startups', 'Palo Alto')],
  ['find 10 title companies in Dallas', 'intent', 'search_companies', s('title', 'Dallas')],
  ['find 10 private equity firms in Chicago', 'intent', 'search_companies', s('private equity firms', 'Chicago')],
  ['veterinary clinics in Lincoln, NE', 'intent', 'search_companies', s('veterinary clinics', 'Lincoln, NE')],
  ['any breweries around Boise?', 'intent', 'search_companies', s('breweries', 'Boise')],
  [
    '<@U0LEADBOT> please find 10 microbreweries in Denver, thanks!',
    'intent',
    'search_companies',
    s('microbreweries', 'Denver'),
  ],
  ['find 10 distileries in Louisville', 'intent', 'search_companies', s('distilleries', 'Louisville')],
  ['find 10 companies in the biotech space in Boston', 'intent', 'search_companies', s('biotech', 'Boston')],
  ['find 10 businesses in Boston', 'clarify'],
  ['find 10 vet hospitals and dog groomers in Omaha', 'clarify'],
  // status, win rates, digest, suppression, company info in natural phrasings
  ['are we finished?', 'intent', 'pipeline_status', {}],
  ['is anything running right now?', 'intent', 'pipeline_status', {}],
  ['which email angle works best for breweries?', 'intent', 'win_rates', { industry: 'breweries' }],
  ['what pitch gets the most replies from hotels?', 'intent', 'win_rates', { industry: 'hotels' }],
  ['stop emailing everyone at northwind.example', 'intent', 'suppress', { target: 'northwind.example' }],
  ['please remove ana@fabrikam.example from our list', 'intent', 'suppress', { target: 'ana@fabrikam.example' }],
  [
    'do not contact <mailto:lee@contoso.example|lee@contoso.example>',
    'intent',
    'suppress',
    { target: 'lee@contoso.example' },
  ],
  ['never email tailspin.example', 'intent', 'suppress', { target: 'tailspin.example' }],
  ['what can you tell me about Litware Labs?', 'intent', 'company_info', { company: 'Litware Labs' }],
  // reasoning
  ["don't search anything yet", 'clarify'],
  ["don't email fabrikam.example until next month", 'clarify'],
  ['which pays better, breweries or wineries?', 'agent'],
  ['find breweries in Denver, then draft emails to the best three', 'agent'],
  ['what if we only targeted distilleries?', 'agent'],
];
