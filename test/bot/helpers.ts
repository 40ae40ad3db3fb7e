import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { type Running, start } from '../../src/main.js';
import type { WsMessage } from '../../src/workspace/store/types.js';
import { testDatabaseEnv } from '../helpers/db.js';
import { copyDirectives } from '../helpers/directives.js';

export type Json = Record<string, unknown>;
type Block = { type: string; block_id?: string; elements?: Json[]; text?: { text: string } };

/** leadbot as `npm start` runs it (no Slack tokens: the local workspace), on a temp database and outbox. */
export async function startLeadbot(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-bot-'));
  const directives = join(dir, 'directives');
  copyDirectives(directives);
  const config = loadConfig({
    LLM_PROVIDER: 'none',
    PORT: '0',
    DATABASE_PATH: join(dir, 'leadbot.db'),
    OUTBOX_DIR: join(dir, 'outbox'),
    DIRECTIVES_DIR: directives,
    LOG_LEVEL: 'silent',
    ...testDatabaseEnv(),
    ...env,
  });
  const running: Running = await start(config);
  const ws = running.workspace!;
  const leads = ws.store.resolveChannel('leads')!.id;
  const user = ws.store.identity.localUser.id;

  const waitFor = async <T>(
    fn: () => T | undefined | false | Promise<T | undefined | false>,
    what: string,
    timeoutMs = 15_000,
  ): Promise<NonNullable<T>> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const thread = (ts: string, channel = leads) => ws.store.thread(channel, ts).slice(1);
  const blocksOf = (m: WsMessage) => (m.blocks ?? []) as Block[];
  const buttons = (m: WsMessage, actionId: string) =>
    blocksOf(m).flatMap((b) =>
      b.type === 'actions'
        ? (b.elements ?? [])
            .filter((e) => e.action_id === actionId)
            .map((e) => ({ blockId: b.block_id!, value: String(e.value) }))
        : [],
    );
  const click = (m: WsMessage, actionId: string, index = 0, channel = leads) => {
    const button = buttons(m, actionId)[index];
    if (!button) throw new Error(`no ${actionId} button #${index} in ${m.text}`);
    return ws.user.click({ channel, messageTs: m.ts, blockId: button.blockId, actionId });
  };
  /** A click on a stale copy of `m` (the button may be gone from the live message), delivered as Slack would. */
  const staleClick = (m: WsMessage, actionId: string, blockId: string, value: string) =>
    ws
      .deliver({
        type: 'interaction',
        payload: {
          type: 'block_actions',
          user: { id: user, username: 'you', name: 'you', team_id: 'T0SANDBOX01' },
          team: { id: 'T0SANDBOX01', domain: 'leadbot-sandbox' },
          api_app_id: 'A0LEADBOT01',
          token: 'x',
          trigger_id: '1.2.3',
          container: { type: 'message', message_ts: m.ts, channel_id: leads, is_ephemeral: false },
          channel: { id: leads, name: 'leads' },
          message: m,
          actions: [{ type: 'button', action_id: actionId, block_id: blockId, value, action_ts: '1.1' }],
        },
      })
      .catch(() => undefined);
  const textOf = (m: WsMessage) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;

  return {
    running,
    app: running.app,
    ws,
    dir,
    leads,
    user,
    waitFor,
    thread,
    buttons,
    click,
    staleClick,
    textOf,
    /** The local user says something in #leads and waits until leadbot's answer has settled. */
    async ask(text: string, until: (replies: WsMessage[]) => boolean) {
      const asked = ws.user.say({ channel: leads, text });
      await waitFor(() => until(thread(asked.ts)), `an answer to "${text}"`);
      return asked;
    },
    async stop() {
      await running.stop();
    },
  };
}

export type Leadbot = Awaited<ReturnType<typeof startLeadbot>>;

/**
 * Asks for three Buffalo healthcare companies, approves the first card and waits for the flow to post its draft
 * card (with Approve & Send) in the same thread.
 */
export async function firstDraftCard(b: Leadbot): Promise<{ asked: WsMessage; card: WsMessage; draftId: number }> {
  const asked = await b.ask('@leadbot find 3 healthcare companies in Buffalo', (r) =>
    r.some((m) => m.text.startsWith('Leads:') && b.buttons(m, 'lead_approve').length === 3),
  );
  const page = b.thread(asked.ts).find((m) => m.text.startsWith('Leads:'))!;
  await b.click(page, 'lead_approve', 0);
  const card = await b.waitFor(
    () => b.thread(asked.ts).find((m) => m.text.startsWith('Draft #') && b.buttons(m, 'draft_approve_send').length),
    'a draft card',
    30_000,
  );
  return { asked, card, draftId: Number(b.buttons(card, 'draft_approve_send')[0]!.value) };
}
