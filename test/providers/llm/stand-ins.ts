import type { ServerResponse } from 'node:http';
import { type RecordedRequest, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';

/** One scripted model answer: text, tool calls, an HTTP error, or a stall. */
export interface ScriptedReply {
  content?: string;
  toolCalls?: { name: string; args: Record<string, unknown> }[];
  status?: number;
  errorBody?: unknown;
  /** Waits this long before answering (a slow model). */
  delayMs?: number;
  usage?: { in: number; out: number };
  /** Streaming (`stream: true`): how the content is cut into deltas (default: 8 characters each). */
  pieces?: string[];
  /** Streaming: the pause between two server-sent events. */
  pieceDelayMs?: number;
  /** Streaming: the connection drops after this many content deltas (a model failing mid-answer). */
  breakAfter?: number;
}

export type Script = ScriptedReply | ((body: Record<string, unknown>) => ScriptedReply);

export interface LlmStandIn extends StandIn {
  /** Parsed JSON bodies of the chat requests, in order. */
  chats(): Record<string, unknown>[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function next(script: Script[], body: Record<string, unknown>): ScriptedReply {
  const entry = script.shift();
  if (!entry) return { status: 500, errorBody: { error: { message: 'stand-in: no reply scripted' } } };
  return typeof entry === 'function' ? entry(body) : entry;
}

function chatBodies(stand: StandIn, path: string) {
  return () => stand.requests.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as Record<string, unknown>);
}

/**
 * An OpenAI-compatible server: `GET /v1/models` and `POST /v1/chat/completions`, answering as the API reference
 * documents, including tool calls and usage: one JSON object, or server-sent `chat.completion.chunk` events ending
 * in `data: [DONE]` when the request says `stream: true` (how ChatOpenAI calls it while an answer streams).
 */
export async function startOpenAiStandIn(
  script: Script[],
  options: { models?: string[]; apiKey?: string } = {},
): Promise<LlmStandIn> {
  const models = options.models ?? ['gpt-4o-mini'];
  let n = 0;
  const stand = await startStandIn(async (req: RecordedRequest, res: ServerResponse) => {
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendJson(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
      return;
    }
    if (req.method === 'GET' && req.path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'test' })) });
      return;
    }
    if (req.method !== 'POST' || req.path !== '/v1/chat/completions') {
      sendJson(res, 404, { error: { message: `Unknown path ${req.path}` } });
      return;
    }
    const body = JSON.parse(req.body) as Record<string, unknown>;
    const reply = next(script, body);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.status) {
      sendJson(res, reply.status, reply.errorBody ?? { error: { message: `status ${reply.status}` } });
      return;
    }
    n += 1;
    if (body.stream === true) {
      await streamCompletion(res, body, reply, n);
      return;
    }
    const toolCalls = reply.toolCalls?.map((t, i) => ({
      id: `call_${n}_${i}`,
      type: 'function',
      function: { name: t.name, arguments: JSON.stringify(t.args) },
    }));
    sendJson(res, 200, {
      id: `chatcmpl-${n}`,
      object: 'chat.completion',
      created: 1_764_000_000,
      model: body.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.content ?? null,
            ...(toolCalls ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: toolCalls ? 'tool_calls' : 'stop',
        },
      ],
      usage: {
        prompt_tokens: reply.usage?.in ?? 11,
        completion_tokens: reply.usage?.out ?? 7,
        total_tokens: (reply.usage?.in ?? 11) + (reply.usage?.out ?? 7),
      },
    });
  });
  return Object.assign(stand, { chats: chatBodies(stand, '/v1/chat/completions') });
}

/** One completion as server-sent events: role, content deltas, tool-call deltas, the finish, usage, [DONE]. */
async function streamCompletion(res: ServerResponse, body: Record<string, unknown>, reply: ScriptedReply, n: number) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const base = { id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: 1_764_000_000, model: body.model };
  const event = async (choices: unknown[], extra: Record<string, unknown> = {}) => {
    if (reply.pieceDelayMs) await sleep(reply.pieceDelayMs);
    res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  };
  const delta = (d: Record<string, unknown>, finish: string | null = null) => [
    { index: 0, delta: d, logprobs: null, finish_reason: finish },
  ];
  await event(delta({ role: 'assistant', content: '' }));
  const pieces = reply.pieces ?? reply.content?.match(/[\s\S]{1,8}/g) ?? [];
  for (const [i, piece] of pieces.entries()) {
    if (reply.breakAfter !== undefined && i >= reply.breakAfter) {
      res.destroy();
      return;
    }
    await event(delta({ content: piece }));
  }
  for (const [i, t] of (reply.toolCalls ?? []).entries())
    await event(
      delta({
        tool_calls: [
          {
            index: i,
            id: `call_${n}_${i}`,
            type: 'function',
            function: { name: t.name, arguments: JSON.stringify(t.args) },
          },
        ],
      }),
    );
  await event(delta({}, reply.toolCalls?.length ? 'tool_calls' : 'stop'));
  const usage = { prompt_tokens: reply.usage?.in ?? 11, completion_tokens: reply.usage?.out ?? 7 };
  if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage)
    await event([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
  res.end('data: [DONE]\n\n');
}

/**
 * An Ollama server: `GET /api/tags` and `POST /api/chat`, streaming NDJSON when the request says `stream: true`
 * (how ChatOllama calls it) and one JSON object otherwise; usage in `prompt_eval_count` / `eval_count`.
 */
export async function startOllamaStandIn(script: Script[], options: { pulled?: string[] } = {}): Promise<LlmStandIn> {
  const pulled = options.pulled ?? ['llama3.2:latest'];
  const stand = await startStandIn(async (req, res) => {
    if (req.method === 'GET' && req.path === '/api/tags') {
      sendJson(res, 200, {
        models: pulled.map((name) => ({ name, model: name, modified_at: '2026-01-01T00:00:00Z', size: 2_019_393_189 })),
      });
      return;
    }
    if (req.method !== 'POST' || req.path !== '/api/chat') {
      sendJson(res, 404, { error: `unknown path ${req.path}` });
      return;
    }
    const body = JSON.parse(req.body) as Record<string, unknown>;
    const reply = next(script, body);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.status) {
      sendJson(res, reply.status, reply.errorBody ?? { error: `status ${reply.status}` });
      return;
    }
    const base = { model: body.model, created_at: '2026-11-25T09:00:00.000Z' };
    const toolCalls = reply.toolCalls?.map((t) => ({ function: { name: t.name, arguments: t.args } }));
    const done = {
      ...base,
      done: true,
      done_reason: 'stop',
      total_duration: 1_000_000,
      prompt_eval_count: reply.usage?.in ?? 13,
      eval_count: reply.usage?.out ?? 5,
    };
    const content = reply.content ?? '';
    if (body.stream === false) {
      const message = { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
      sendJson(res, 200, { ...done, message });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const pieces = content.match(/.{1,8}/gs) ?? [];
    for (const piece of pieces)
      res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content: piece }, done: false })}\n`);
    if (toolCalls)
      res.write(
        `${JSON.stringify({ ...base, message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false })}\n`,
      );
    res.end(`${JSON.stringify({ ...done, message: { role: 'assistant', content: '' } })}\n`);
  });
  return Object.assign(stand, { chats: chatBodies(stand, '/api/chat') });
}
