import { AIMessage, AIMessageChunk, type BaseMessage } from 'langchain';
import { createMarkdownStream } from '../../mrkdwn/model-markdown.js';
import type { AllowedLinks } from '../../mrkdwn/model-text.js';
import type { AnswerStream } from '../ports.js';

/** Relays the answer to a surface's stream as it is written: model text neutralised, leadbot's own notes appended. */
export interface AnswerRelay {
  /** One item of the graph's "messages" stream (model tokens, or a whole message from a model that does not stream). */
  model(message: BaseMessage, node: string | undefined): void;
  /** leadbot's own words after what the model wrote (a step-limit note, why the model stopped). */
  say(text: string): void;
  /** Releases what was held back to check it. */
  end(): void;
  /** True once any answer text reached the stream. */
  readonly wrote: boolean;
}

/** The graph node that calls the model (langchain's createAgent). */
const MODEL_NODE = 'model_request';

/**
 * A relay for one answer. `links` is read as text arrives, so links to companies the tools found meanwhile are kept.
 * Without a stream it does nothing.
 */
export function createAnswerRelay(stream: AnswerStream | undefined, links: AllowedLinks): AnswerRelay {
  const markdown = createMarkdownStream(links);
  const seen = new Set<string>();
  let current: string | undefined;
  let wrote = false;
  let open = false;
  const emit = (safe: string) => {
    if (!stream || !safe) return;
    wrote = true;
    stream.text(safe);
  };
  const push = (raw: string) => {
    if (!raw) return;
    emit(markdown.push(raw));
    open = true;
  };
  /** A new message (or leadbot's note) starts a new paragraph after text already written. */
  const paragraph = () => {
    if (open) push('\n\n');
    open = false;
  };
  return {
    model(message, node) {
      if (!stream || (node !== undefined && node !== MODEL_NODE)) return;
      const chunk = AIMessageChunk.isInstance(message);
      if (!chunk && !AIMessage.isInstance(message)) return;
      const id = message.id;
      // A whole message after its own chunks is the same text again; a whole one asking for tools is not an answer.
      if (!chunk && ((id && seen.has(id)) || ((message as AIMessage).tool_calls ?? []).length > 0)) return;
      const text = message.text;
      if (!text) return;
      if (id !== current || !chunk) paragraph();
      current = id;
      if (id) seen.add(id);
      push(text);
    },
    say(text) {
      paragraph();
      push(text);
    },
    end: () => emit(markdown.end()),
    get wrote() {
      return wrote;
    },
  };
}

/** Runs the graph streaming model tokens to the relay; returns the final state, as `invoke` would. */
export async function streamGraph(
  agent: { stream(input: unknown, config: unknown): Promise<AsyncIterable<unknown>> },
  input: { messages: BaseMessage[] },
  config: { recursionLimit: number },
  relay: AnswerRelay,
): Promise<{ messages: BaseMessage[] }> {
  let state: { messages: BaseMessage[] } = input;
  const stream = await agent.stream(input, { ...config, streamMode: ['messages', 'values'] });
  for await (const item of stream) {
    const [mode, payload] = item as [string, unknown];
    if (mode === 'values') state = payload as { messages: BaseMessage[] };
    else if (mode === 'messages') {
      const [message, meta] = payload as [BaseMessage, { langgraph_node?: string } | undefined];
      relay.model(message, meta?.langgraph_node);
    }
  }
  return state;
}
