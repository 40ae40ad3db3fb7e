import { describe, expect, it } from 'vitest';
import { createSlackAnswerStream } from '../../src/bot/answer-stream.js';
import { createLogger } from '../../src/logger.js';

/** chat.*Stream as a WebClient calls them, recorded in order; `fail` names calls that throw like a refused call. */
function fakeClient(fail: (method: string, n: number) => boolean = () => false) {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const method = (name: string) => async (args: Record<string, unknown>) => {
    calls.push({ method: name, args });
    if (fail(name, calls.length)) throw Object.assign(new Error(`An API error occurred: missing_scope`), { code: 'x' });
    return { ok: true, ts: '9.9' };
  };
  const chat = { startStream: method('start'), appendStream: method('append'), stopStream: method('stop') };
  return { client: { chat } as never, calls };
}

const place = { channel: 'C1', threadTs: '1.1', recipientUserId: 'U1', recipientTeamId: 'T1' };
const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a streamed Slack answer', () => {
  it('starts lazily, batches text and tasks in order, and stops with the blocks', async () => {
    const { client, calls } = fakeClient();
    const stream = createSlackAnswerStream(client, place, logger, 20);
    expect(calls).toEqual([]);
    stream.step({ id: 't1', title: 'Listing leads', status: 'in_progress' });
    stream.text('Hel');
    stream.text('lo');
    await sleep(60);
    stream.step({ id: 't1', title: 'Listing leads', status: 'complete' });
    stream.text(' world');
    expect(await stream.finish({ blocks: [{ type: 'divider' }] })).toBe(true);
    expect(calls.map((c) => c.method)).toEqual(['start', 'append', 'stop']);
    expect(calls[0]!.args).toMatchObject({
      channel: 'C1',
      thread_ts: '1.1',
      recipient_user_id: 'U1',
      recipient_team_id: 'T1',
      chunks: [
        { type: 'task_update', id: 't1', title: 'Listing leads', status: 'in_progress' },
        { type: 'markdown_text', text: 'Hello' },
      ],
    });
    expect(calls[1]!.args.chunks).toEqual([
      { type: 'task_update', id: 't1', title: 'Listing leads', status: 'complete' },
      { type: 'markdown_text', text: ' world' },
    ]);
    expect(calls[2]!.args).toMatchObject({ ts: '9.9', blocks: [{ type: 'divider' }] });
  });

  it('turns itself off when Slack refuses to start it, so the answer is posted whole', async () => {
    const { client, calls } = fakeClient((m) => m === 'start');
    const stream = createSlackAnswerStream(client, place, logger, 5);
    stream.text('Hello');
    await sleep(30);
    stream.text(' again');
    expect(await stream.finish()).toBe(false);
    expect(calls.map((c) => c.method)).toEqual(['start']);
  });

  it('keeps what an append failed to send for stopStream', async () => {
    const { client, calls } = fakeClient((m, n) => m === 'append' && n === 2);
    const stream = createSlackAnswerStream(client, place, logger, 5);
    stream.text('one ');
    await sleep(30);
    stream.text('two ');
    await sleep(30);
    stream.text('three');
    expect(await stream.finish({ markdown: '\n\nEnd.' })).toBe(true);
    const sent = calls.flatMap((c) =>
      ((c.args.chunks ?? []) as { text?: string }[]).map((x) => x.text).filter(Boolean),
    );
    expect(calls.map((c) => c.method)).toEqual(['start', 'append', 'append', 'stop']);
    expect(sent.join('')).toBe('one two two three\n\nEnd.');
  });
});
