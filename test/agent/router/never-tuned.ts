import type { RouteArgs } from '../../../src/agent/router/types.js';
import type { Case } from './table.js';

/**
 * The never-tuned set (issue 18). Written once, from the description of each intent in DESIGN.md and the issue,
 * before the parser was changed for them, and committed first. The parser is never adjusted against it: the bench
 * only measures it. Do not edit an entry to make it pass; a wrong expectation is fixed only with a note in the
 * commit saying why, and the figure reported next to the fix.
 *
 * Conventions the entries follow (the router's contract, not the parser's current behaviour):
 * - search_companies.industry is the user's own term, lower-cased, typos in common words corrected, with a generic
 *   head ("companies", "businesses") or "industry"/"sector" dropped; singular or plural as typed.
 * - list_leads.industry and win_rates.industry are the user's term in the same way.
 * - locations as the existing tables write them ("Buffalo, NY", "Omaha", "Texas").
 */
const s = (industry: string, location: string, count = 10): RouteArgs => ({ industry, location, count });

export const NEVER_TUNED: Case[] = [
  // tier 1: greetings, thanks, help, small talk
  ['hey leadbot 👋', 'direct', 'greeting'],
  ['morning all', 'direct', 'greeting'],
  ['thank you!', 'direct', 'thanks'],
  ['that was quick, thanks', 'direct', 'thanks'],
  ['what sort of things can you do?', 'direct', 'help'],
  ['how do I get started?', 'direct', 'help'],
  ['have a great weekend', 'direct', 'small_talk'],

  // search_companies: a count, a kind of business (open vocabulary), a place
  ['find 12 veterinary hospitals in Omaha', 'intent', 'search_companies', s('veterinary hospitals', 'Omaha', 12)],
  [
    'search for craft distilleries near Louisville',
    'intent',
    'search_companies',
    s('craft distilleries', 'Louisville'),
  ],
  ['get me 20 biotech startups in Boston', 'intent', 'search_companies', s('biotech startups', 'Boston', 20)],
  ['find 15 breweries in Asheville, NC', 'intent', 'search_companies', s('breweries', 'Asheville, NC', 15)],
  ['look for bakeries in Madison WI', 'intent', 'search_companies', s('bakeries', 'Madison, WI')],
  ['find 8 coffee roasters in Seattle', 'intent', 'search_companies', s('coffee roasters', 'Seattle', 8)],
  ['can you find 25 pet groomers in Tucson?', 'intent', 'search_companies', s('pet groomers', 'Tucson', 25)],
  [
    'please find thirty car washes in Phoenix, Arizona',
    'intent',
    'search_companies',
    s('car washes', 'Phoenix, AZ', 30),
  ],
  ['I need 10 wineries near Napa', 'intent', 'search_companies', s('wineries', 'Napa', 10)],
  ['find some cold storage companies in Fresno', 'intent', 'search_companies', s('cold storage', 'Fresno')],
  [
    'find 40 property management companies in Atlanta',
    'intent',
    'search_companies',
    s('property management', 'Atlanta', 40),
  ],
  ['find 10 real estate brokers in Dallas', 'intent', 'search_companies', s('real estate brokers', 'Dallas')],
  ['find 6 ice rinks in Minneapolis', 'intent', 'search_companies', s('ice rinks', 'Minneapolis', 6)],
  ['<@U0LEADBOT> find 10 funeral homes in Cleveland', 'intent', 'search_companies', s('funeral homes', 'Cleveland')],
  ['find 10 printing shops in Providence, RI', 'intent', 'search_companies', s('printing shops', 'Providence, RI')],
  [
    'search 20 hvac contractors around Dallas, TX',
    'intent',
    'search_companies',
    s('hvac contractors', 'Dallas, TX', 20),
  ],
  ['find 10 daycare centers in Raleigh', 'intent', 'search_companies', s('daycare centers', 'Raleigh')],
  ['find 15 charter schools in Denver', 'intent', 'search_companies', s('charter schools', 'Denver', 15)],
  ['find a dozen hotels in Savannah', 'intent', 'search_companies', s('hotels', 'Savannah', 12)],
  ['find 10 dentists in Spokane', 'intent', 'search_companies', s('dentists', 'Spokane')],
  ['find 10 nursing homes in Toledo, Ohio', 'intent', 'search_companies', s('nursing homes', 'Toledo, OH')],
  ['find 10 manufacturing companies in Grand Rapids', 'intent', 'search_companies', s('manufacturing', 'Grand Rapids')],
  ['find me 5 data centers in Ashburn, VA', 'intent', 'search_companies', s('data centers', 'Ashburn, VA', 5)],
  ['find 10 companies in the logistics industry in Memphis', 'intent', 'search_companies', s('logistics', 'Memphis')],
  ['find 10 SaaS companies in Austin', 'intent', 'search_companies', s('saas', 'Austin')],
  ['find 10 brewereis in Denver', 'intent', 'search_companies', s('breweries', 'Denver')],
  ['find 10 laundromats in Newark, NJ', 'intent', 'search_companies', s('laundromats', 'Newark, NJ')],
  ['yo find me 10 yoga studios in Boulder', 'intent', 'search_companies', s('yoga studios', 'Boulder')],
  ['find 10 self storage facilities in Tampa', 'intent', 'search_companies', s('self storage facilities', 'Tampa')],
  ['find 20 auto repair shops in Detroit', 'intent', 'search_companies', s('auto repair shops', 'Detroit', 20)],
  ['find 10 supermarkets in Houston', 'intent', 'search_companies', s('supermarkets', 'Houston')],
  ['get 10 hospitals in Texas', 'intent', 'search_companies', s('hospitals', 'Texas')],
  ['find ten credit unions in Omaha, NE', 'intent', 'search_companies', s('credit unions', 'Omaha, NE')],
  ['find 10 accounting firms in Hartford', 'intent', 'search_companies', s('accounting firms', 'Hartford')],

  // list_leads
  ['show pending leads', 'intent', 'list_leads', { status: 'pending' }],
  ['which leads are still waiting on me?', 'intent', 'list_leads', { status: 'pending' }],
  ['list approved leads in Denver', 'intent', 'list_leads', { status: 'approved', location: 'Denver' }],
  ['show me the rejected leads', 'intent', 'list_leads', { status: 'rejected' }],
  ['show the brewery leads', 'intent', 'list_leads', { industry: 'brewery' }],

  // list_drafts
  ['show drafts', 'intent', 'list_drafts', {}],
  ['which emails are waiting for my approval?', 'intent', 'list_drafts', { status: 'pending' }],
  ['list sent emails', 'intent', 'list_drafts', { status: 'sent' }],

  // pipeline_status
  ['are we done?', 'intent', 'pipeline_status', {}],
  ['pipeline status', 'intent', 'pipeline_status', {}],
  ['where are we at?', 'intent', 'pipeline_status', {}],
  ["how's the pipeline looking?", 'intent', 'pipeline_status', {}],
  ['is anything still running?', 'intent', 'pipeline_status', {}],

  // win_rates
  ['which pitch works best for dentists?', 'intent', 'win_rates', { industry: 'dentists' }],
  ['win rates', 'intent', 'win_rates', {}],
  ['which angle gets the most replies?', 'intent', 'win_rates', {}],
  ['what are our reply rates for hotels?', 'intent', 'win_rates', { industry: 'hotels' }],

  // run_stage
  ['run enrich', 'intent', 'run_stage', { stage: 'enrich' }],
  ['kick off enrichment', 'intent', 'run_stage', { stage: 'enrich' }],
  ['write the drafts now', 'intent', 'run_stage', { stage: 'write' }],
  ['check for replies', 'intent', 'run_stage', { stage: 'track' }],
  ['start outreach', 'intent', 'run_stage', { stage: 'outreach' }],

  // company_info
  ['tell me about Fabrikam Dental', 'intent', 'company_info', { company: 'Fabrikam Dental' }],
  ['what do we know about Northwind Traders?', 'intent', 'company_info', { company: 'Northwind Traders' }],
  ['company info Contoso Brewing', 'intent', 'company_info', { company: 'Contoso Brewing' }],

  // digest
  ['digest', 'intent', 'digest', {}],
  ["send me today's digest", 'intent', 'digest', {}],
  ['give me the daily summary', 'intent', 'digest', {}],

  // suppress: an email address or a domain, however it is put
  ["don't email anyone at fabrikam.example", 'intent', 'suppress', { target: 'fabrikam.example' }],
  ['take jane@contoso.example off our list', 'intent', 'suppress', { target: 'jane@contoso.example' }],
  [
    'suppress <mailto:bob@tailspin.example|bob@tailspin.example>',
    'intent',
    'suppress',
    { target: 'bob@tailspin.example' },
  ],
  ['never contact <http://adatum.example|adatum.example> again', 'intent', 'suppress', { target: 'adatum.example' }],
  ['add wingtip.example to the do not contact list', 'intent', 'suppress', { target: 'wingtip.example' }],
  ['unsubscribe sam@litware.example', 'intent', 'suppress', { target: 'sam@litware.example' }],

  // needs reasoning: negations, hypotheticals, several steps, comparisons, advice, open questions
  ["don't run outreach yet", 'clarify'],
  ['never mind, stop the search', 'clarify'],
  ['do not send the drafts to the dentists', 'clarify'],
  ['what would happen if we searched 50 breweries in Denver?', 'agent'],
  ['if we approve all of them, how many emails go out tomorrow?', 'agent'],
  ['suppose we only emailed hospitals, would replies go up?', 'agent'],
  ['find 10 breweries in Denver and write drafts for them', 'agent'],
  ['search for dentists in Austin then enrich the top five', 'agent'],
  ['run enrich and then run write', 'agent'],
  ['list pending leads and the sent drafts', 'agent'],
  ['are breweries better prospects than wineries?', 'agent'],
  ['which converts better, hotels or hospitals?', 'agent'],
  ['compare win rates for dentists and vets', 'agent'],
  ['is Fabrikam bigger than Contoso?', 'agent'],
  ['should we go after veterinary hospitals next?', 'agent'],
  ['is it worth running outreach on a Friday?', 'agent'],
  ['why did Contoso Brewing score so low?', 'agent'],
  ['why are there so few replies this week?', 'agent'],
  ['what is the best time to send the emails?', 'agent'],
  ['how does scoring work?', 'agent'],
  ['find breweries in Denver with more than 50 employees', 'agent'],
  ['find 10 hospitals in Boston except the ones we already emailed', 'clarify'],
  ['approve all the leads except Fabrikam', 'clarify'],
  ['write a follow-up to everyone who replied last week', 'agent'],
  ['draft a friendly email to the owner of Contoso Brewing', 'agent'],
  ['which of these leads should I call first?', 'agent'],
  ['what would you change about our pitch to dentists?', 'agent'],
  ["don't email anyone at fabrikam.example until they reply", 'clarify'],
  ['summarize the week for my boss', 'agent'],
  ['find me 10 hospitals in Boston or Cambridge, whichever has more', 'agent'],
];
