import { describe, expect, it } from 'vitest';
import { cli, tempEnv } from '../helpers/cli.js';

describe('leadbot route', () => {
  it('--batch --no-llm answers every line, in order, with exactly the five fields', async () => {
    const lines = [
      'find twenty law firms in Austin, TX',
      'hi',
      "don't send anything yet",
      'find law firms in Austin and then enrich them',
      'suppress <mailto:bob@acme.example|bob@acme.example>',
      'show 5 pending leads',
    ];
    const stdin = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n\n`;
    const r = await cli(['route', '--batch', '--no-llm'], tempEnv({ LLM_PROVIDER: 'ollama' }), stdin);
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(lines.length);
    for (const o of out) expect(Object.keys(o)).toEqual(['route', 'intent', 'args', 'confidence', 'llmCalls']);
    expect(out.map((o) => o.route)).toEqual(['intent', 'direct', 'clarify', 'agent', 'intent', 'intent']);
    expect(out[0]).toEqual({
      route: 'intent',
      intent: 'search_companies',
      args: { industry: 'law firms', location: 'Austin, TX', count: 20 },
      confidence: 0.95,
      llmCalls: 0,
    });
    expect(out[4].args).toEqual({ target: 'bob@acme.example' });
    expect(out[5].args).toEqual({ status: 'pending', limit: 5 });
    expect(out.every((o) => o.llmCalls === 0)).toBe(true);
  });

  it('routes a line that is not JSON as plain text and says so on stderr', async () => {
    const r = await cli(['route', '--batch', '--no-llm'], tempEnv(), 'pipeline status\n');
    expect(JSON.parse(r.stdout).intent).toBe('pipeline_status');
    expect(r.stderr).toContain('line 1 is not JSON');
  });

  it('takes a line that is an object carrying the message as "text", and answers a line without one in its place', async () => {
    const stdin = [
      JSON.stringify({ text: 'find 12 veterinary hospitals in Omaha', user: 'U0ANA' }),
      JSON.stringify({ user: 'U0ANA' }),
      JSON.stringify({ event: { type: 'message', text: 'pipeline status' } }),
    ].join('\n');
    const r = await cli(['route', '--batch', '--no-llm'], tempEnv(), `${stdin}\n`);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out[0]).toMatchObject({
      intent: 'search_companies',
      args: { industry: 'veterinary hospitals', location: 'Omaha', count: 12 },
    });
    expect(out[1]).toEqual({ error: expect.stringContaining('line 2 has no message') });
    expect(out[2]).toMatchObject({ intent: 'pipeline_status' });
  });

  it('prints one decision for a message, as text or JSON', async () => {
    const env = tempEnv();
    const text = await cli(['route', 'run enrich', '--no-llm'], env);
    expect(text.stdout).toContain('route:      intent (tier 2)');
    expect(text.stdout).toContain('{"stage":"enrich"}');
    const json = await cli(['route', 'find law firms', '--json', '--no-llm'], env);
    expect(json.json()).toMatchObject({ route: 'clarify', llmCalls: 0, question: expect.stringContaining('Where') });
  });

  it('needs a message or --batch', async () => {
    const r = await cli(['route'], tempEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing MESSAGE');
  });
});
