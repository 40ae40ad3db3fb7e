import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { LeadJson } from '../../src/cli/leads.js';
import { cli, tempEnv } from '../helpers/cli.js';

interface SearchJson {
  runId: string;
  companies: LeadJson[];
}

const rows = (env: Record<string, string>, sql: string) => {
  const db = new Database(env.DATABASE_PATH!, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

describe('leadbot search-companies / list-leads / company-info / approve-lead / reject-lead', () => {
  it('finds 10 distinct Buffalo companies, each scored with a tier and a reason, pending approval', async () => {
    const env = tempEnv();
    const res = await cli(
      ['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '10', '--json'],
      env,
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = res.json<SearchJson>();
    expect(out.runId).toMatch(/^run_/);
    expect(out.companies).toHaveLength(10);
    expect(new Set(out.companies.map((c) => c.id)).size).toBe(10);
    expect(new Set(out.companies.map((c) => c.domain)).size).toBe(10);
    for (const c of out.companies) {
      expect(Object.keys(c)).toEqual([
        'id',
        'name',
        'domain',
        'industry',
        'city',
        'state',
        'score',
        'tier',
        'scoreReason',
        'status',
      ]);
      expect(c).toMatchObject({ industry: 'healthcare', city: 'Buffalo', state: 'NY', status: 'pending' });
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(100);
      expect(['high', 'medium', 'low']).toContain(c.tier);
      expect(c.scoreReason).toMatch(/\w+.*\.$/);
    }

    const list = await cli(['list-leads', '--status', 'pending', '--json'], env);
    expect(
      list
        .json<{ leads: LeadJson[] }>()
        .leads.map((l) => l.id)
        .sort(),
    ).toEqual(out.companies.map((c) => c.id).sort());
    const table = await cli(['list-leads', '--status', 'pending'], env);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+SCORE\s+TIER\s+NAME/);
    expect(table.stdout).toContain(out.companies[0]!.name);
    const byIndustry = await cli(
      ['list-leads', '--industry', 'hospitals', '--location', 'Buffalo', '--limit', '3', '--json'],
      env,
    );
    expect(byIndustry.json<{ leads: LeadJson[] }>().leads).toHaveLength(3);
    expect((await cli(['list-leads', '--industry', 'legal', '--json'], env)).json()).toEqual({ leads: [] });

    const first = out.companies[0]!;
    const info = await cli(['company-info', first.name], env);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(`${first.name} (#${first.id})`);
    expect(info.stdout).toContain(`score:      ${first.score}/100 (${first.tier})`);
    expect(info.stdout).toContain('sources:    sandbox');
    const infoJson = (await cli(['company-info', first.domain!, '--json'], env)).json<{ company: LeadJson }>();
    expect(infoJson.company).toMatchObject({ id: first.id, score: first.score, scoreReason: first.scoreReason });

    const approve = await cli(['approve-lead', String(first.id)], env);
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(/^Approved by \S+ · .*: /);
    const again = await cli(['reject-lead', String(first.id), '--reason', 'changed my mind'], env);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/was already decided: Approved by \S+ · .*\. Nothing changed\./);
    const second = out.companies[1]!;
    const reject = await cli(['reject-lead', String(second.id), '--reason', 'too small', '--json'], env);
    expect(reject.json()).toMatchObject({
      applied: true,
      decision: 'rejected',
      company: { id: second.id, status: 'rejected' },
    });
    expect(
      rows(env, "select decided_by, decision_source, reason from approval_requests where status = 'rejected'"),
    ).toEqual([{ decided_by: expect.stringMatching(/^cli:/), decision_source: 'cli', reason: 'too small' }]);
    const pending = (await cli(['list-leads', '--status', 'pending', '--json'], env)).json<{ leads: LeadJson[] }>();
    expect(pending.leads).toHaveLength(8);
  });

  it('rejects bad input with a clear message, exit 1 and nothing written', async () => {
    const env = tempEnv();
    const cases: [string[], RegExp][] = [
      [
        ['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '0'],
        /count must be a whole number from 1 to 100 \(got "0"\)/,
      ],
      [
        ['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '101'],
        /from 1 to 100/,
      ],
      [['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', 'ten'], /got "ten"/],
      [['search-companies', '--industry', ' ', '--location', 'Buffalo, NY'], /--industry required/],
      [['search-companies', '--industry', 'healthcare'], /--location required/],
      [['search-companies', '--industry', 'healthcare', '--location', 'Atlantis'], /No source can search "Atlantis"/],
      [['list-leads', '--status', 'maybe'], /--status must be one of pending, approved, rejected/],
      [['list-leads', '--limit', '0'], /--limit must be a whole number from 1 to 500/],
      [['approve-lead', 'abc'], /"abc" is not a company id/],
      [['approve-lead', '999'], /No company with id 999/],
      [['company-info', 'Nobody Anywhere'], /No company matches "Nobody Anywhere"/],
    ];
    for (const [args, message] of cases) {
      const res = await cli(args, env);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stderr).toMatch(message);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(
      rows(env, 'select (select count(*) from agent_runs) as runs, (select count(*) from companies) as companies'),
    ).toEqual([{ runs: 0, companies: 0 }]);
  });
});

describe('leadbot import-companies', () => {
  it('keeps good rows, reports bad ones by line, leaves duplicates out and scores the rest', async () => {
    const env = tempEnv();
    const file = join(dirname(env.DATABASE_PATH!), 'companies.csv');
    writeFileSync(
      file,
      [
        'Company Name,Industry,City,State,Website,Employees,Sites,Sq Ft',
        'Harbor Cold Storage,cold storage,Buffalo,NY,https://harborcold.example,120,2,"150,000"',
        ',healthcare,Buffalo,NY,,,,',
        'Bad State Clinic,healthcare,Buffalo,ZZ,,,,',
        'Northgate Dental,dentists,Rochester,NY,northgatedental.example,abc,,',
        'The Harbor Cold Storage LLC,cold storage,Buffalo,NY,www.harborcold.example,,,',
        'Lakeview Family Health,hospitals,Buffalo,NY,,45,1,',
        'Summit Law,law firms,Austin,TX,not a url,,,',
      ].join('\n'),
    );
    const res = await cli(['import-companies', file, '--json'], env);
    expect(res.code).toBe(0);
    const out = res.json<{
      runId: string;
      companies: LeadJson[];
      duplicates: { line: number }[];
      badRows: { line: number; problem: string }[];
    }>();
    expect(out.badRows).toEqual([
      { line: 3, problem: 'name is empty', accepted: 'a company name' },
      { line: 4, problem: 'state "ZZ" is not a US state', accepted: 'a state code like NY or a name like New York' },
      {
        line: 5,
        problem: 'employeeCount "abc" is not a positive whole number',
        accepted: 'a whole number above 0, e.g. 120 or 1,200',
      },
      {
        line: 8,
        problem: 'website "not a url" is not a web address',
        accepted: 'a web address like acme.example or https://acme.example',
      },
    ]);
    expect(out.duplicates).toEqual([{ line: 6, name: 'The Harbor Cold Storage LLC' }]);
    expect(out.companies.map((c) => [c.name, c.industry, c.status])).toEqual(
      expect.arrayContaining([
        ['Harbor Cold Storage', 'cold_storage', 'pending'],
        ['Lakeview Family Health', 'healthcare', 'pending'],
      ]),
    );
    expect(out.companies.every((c) => typeof c.score === 'number' && c.tier && c.scoreReason)).toBe(true);

    const again = await cli(['import-companies', file], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Nothing new in companies\.csv: 3 already known, 4 bad rows/);
    expect(again.stdout).toContain('line 2: Harbor Cold Storage is already known (#');
    expect(again.stdout).toContain('line 4: state "ZZ" is not a US state — accepted: a state code like NY');
  });

  it('reports a stray quote on its own line, imports the rows after it, and never prints control characters', async () => {
    const env = tempEnv();
    const file = join(dirname(env.DATABASE_PATH!), 'hostile.csv');
    writeFileSync(
      file,
      [
        'name,industry,city,state',
        '"Unclosed Dental,dentists,Buffalo,NY',
        '\u001b[2J\u001b]0;owned\u0007Bell\u0007 Dental,dentists,Buffalo,NY',
        'Ride \u202eLatigid Dental,dentists,Buffalo,NY',
        'Acme "Best" Clinic,healthcare,Buffalo,NY',
        'Lake Family Health,healthcare,Buffalo,\u001b[31mZZ',
      ].join('\n'),
    );
    const res = await cli(['import-companies', file], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^2 companies imported from hostile\.csv · 0 duplicates left out · 3 bad rows skipped/);
    expect(res.stdout).toContain(
      'line 2: opens a quoted field that is not closed on this line (in the name column) — accepted:',
    );
    expect(res.stdout).toContain('line 5: has a double quote inside a field that does not start with one');
    expect(res.stdout).toContain('line 6: state "ZZ" is not a US state');
    expect(res.stdout).toContain('Bell Dental');
    expect(res.stdout).toContain('Ride \\u202eLatigid Dental');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none reach the terminal
    expect(res.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it('refuses a file without a name column or that cannot be read, writing nothing', async () => {
    const env = tempEnv();
    const file = join(dirname(env.DATABASE_PATH!), 'bad.csv');
    writeFileSync(file, 'city,state\nBuffalo,NY\n');
    const res = await cli(['import-companies', file], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /bad\.csv has no name column \(header: city, state\); accepted: name, company, business/,
    );
    const missing = await cli(['import-companies', join(dirname(file), 'nope.csv')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.csv: ENOENT/);
  });
});
