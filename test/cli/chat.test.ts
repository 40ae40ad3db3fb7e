import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/client.js';
import { createCompanyRepo } from '../../src/db/repos/company-repo.js';
import { cli, tempEnv } from '../helpers/cli.js';
import { insertPendingLead } from '../helpers/fixtures.js';
import { startOpenAiStandIn } from '../providers/llm/stand-ins.js';

async function seeded() {
  const env = tempEnv();
  const handle = openMigratedDatabase(env.DATABASE_PATH!);
  const repo = createCompanyRepo(handle.db);
  await insertPendingLead(repo, { name: 'Lakeview Family Health', normalizedName: 'lakeview family health' }, 80);
  await insertPendingLead(
    repo,
    { name: 'Erie Dental Group', normalizedName: 'erie dental group', domain: 'erie.example' },
    60,
  );
  await insertPendingLead(
    repo,
    {
      name: 'Harbor Law',
      normalizedName: 'harbor law',
      domain: 'harbor.example',
      industry: 'legal',
      city: 'Rochester',
    },
    50,
  );
  handle.close();
  return env;
}

describe('leadbot chat', () => {
  it('holds a conversation: lists, approvals as numbered choices recorded for the OS user, follow-ups', async () => {
    const env = await seeded();
    const input = [
      'hi',
      'show pending leads',
      'approve the first two',
      '3',
      'what about Rochester?',
      'find 10 hospitals in Buffalo',
      'exit',
    ];
    const r = await cli(['chat', '--no-llm'], env, `${input.join('\n')}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1. Lakeview Family Health — healthcare · Buffalo, NY · 80 (high)');
    expect(r.stdout).toContain('  3) approve all 2');
    expect(r.stdout).toContain('Lakeview Family Health: approved.');
    expect(r.stdout).toContain('Erie Dental Group: approved.');
    expect(r.stdout).toContain('pending leads in Rochester');
    expect(r.stdout).toContain('leadbot> 10 of 10 hospitals in Buffalo, NY found');
    const handle = openMigratedDatabase(env.DATABASE_PATH!);
    const rows = handle.sqlite
      .prepare(
        "select subject_id, status, decided_by, decision_source from approval_requests where kind = 'lead' order by subject_id",
      )
      .all();
    handle.close();
    const user = `cli:${userInfo().username}`;
    expect(rows).toEqual([
      { subject_id: '1', status: 'approved', decided_by: user, decision_source: 'cli' },
      { subject_id: '2', status: 'approved', decided_by: user, decision_source: 'cli' },
    ]);
  });

  it('typing "approve" never decides by itself', async () => {
    const env = await seeded();
    await cli(['chat', '--no-llm'], env, 'show pending leads\napprove all of them\n');
    const handle = openMigratedDatabase(env.DATABASE_PATH!);
    const decided = handle.sqlite
      .prepare("select count(*) as n from approval_requests where status != 'pending'")
      .get();
    const statuses = handle.sqlite.prepare('select distinct status from companies').all();
    handle.close();
    expect(decided).toEqual({ n: 0 });
    expect(statuses).toEqual([{ status: 'pending' }]);
  });
});

/** The numbered lead lines of each search answer in a chat transcript. */
function searchAnswers(stdout: string): { heading: string; leads: string[] }[] {
  return stdout
    .split('leadbot> ')
    .slice(1)
    .filter((block) => / found/.test(block.split('\n')[0]!))
    .map((block) => {
      const lines = block.split('\n');
      return { heading: lines[0]!, leads: lines.filter((l) => /^\d+\. /.test(l)).map((l) => l.replace(/^\d+\. /, '')) };
    });
}

describe('leadbot chat searches the sandbox', () => {
  it('finds 10 leads, "more" brings different ones, "what about Rochester?" searches Rochester', async () => {
    const env = tempEnv();
    const input = ['find 10 healthcare companies in Buffalo', 'more', 'what about Rochester?', 'exit'];
    const r = await cli(['chat', '--no-llm'], env, `${input.join('\n')}\n`);
    expect(r.code).toBe(0);
    const [first, more, rochester] = searchAnswers(r.stdout);
    expect(first!.heading).toBe('10 of 10 healthcare companies in Buffalo, NY found');
    expect(first!.leads).toHaveLength(10);
    expect(first!.leads.every((l) => l.includes(' — healthcare · Buffalo, NY · '))).toBe(true);
    expect(more!.leads.length).toBeGreaterThan(0);
    expect(more!.leads.filter((l) => first!.leads.includes(l))).toEqual([]);
    expect(rochester!.heading).toMatch(/^10 of 10 healthcare companies in Rochester, NY found/);
    expect(rochester!.leads.every((l) => l.includes(' — healthcare · Rochester, NY · '))).toBe(true);
    const handle = openMigratedDatabase(env.DATABASE_PATH!);
    const cities = handle.sqlite.prepare('select city, count(*) as n from companies group by city order by city').all();
    handle.close();
    expect(cities).toEqual([
      { city: 'Buffalo', n: 10 + more!.leads.length },
      { city: 'Rochester', n: 10 },
    ]);
  });
});

describe('leadbot chat with a language model', () => {
  it('hands open-ended questions to the agent, whose tools read the real leads', async () => {
    const stand = await startOpenAiStandIn([
      { toolCalls: [{ name: 'list_leads', args: { status: 'pending' } }] },
      { content: 'Start with Lakeview Family Health: it scores 80.' },
    ]);
    try {
      const env = {
        ...(await seeded()),
        LLM_PROVIDER: 'openai',
        OPENAI_BASE_URL: `${stand.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
      };
      const r = await cli(['chat'], env, 'should I approve these leads?\nexit\n');
      expect(r.stdout).toContain('leadbot chat (openai (gpt-4o-mini)).');
      expect(r.stdout).toContain('leadbot> Start with Lakeview Family Health: it scores 80.');
      const [, second] = stand.chats();
      const toolResult = (second!.messages as { role: string; content: string }[]).find((m) => m.role === 'tool')!;
      expect(toolResult.content).toContain('Lakeview Family Health');
      expect(toolResult.content).toContain('Harbor Law');
      const noLlm = await cli(['chat', '--no-llm'], env, 'should I approve these leads?\nexit\n');
      expect(noLlm.stdout).toContain('leadbot chat (no LLM: commands and memory only).');
      expect(stand.chats()).toHaveLength(2);
    } finally {
      await stand.close();
    }
  });
});
