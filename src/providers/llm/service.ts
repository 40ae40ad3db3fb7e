import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { ModelMeter } from '../../pipeline/costs/model-meter.js';
import type { LlmPort } from '../../pipeline/llm/ports.js';
import { type ChatModelOptions, createChatModel, describeLlm, type LlmConfig } from './chat-model.js';
import { createChatLlmPort } from './chat-port.js';
import { type LlmFailureKind, llmFailureKind, translateLlmError } from './errors.js';
import { type LlmProbeResult, probeLlm } from './probe.js';

/** Failures that mean the model is gone until a probe says otherwise. */
const DOWN_KINDS: readonly LlmFailureKind[] = ['connection', 'auth', 'model'];

export interface LlmServiceOptions extends ChatModelOptions {
  /** How often to probe again (default 60 s). The timer is unref'd and stops with `stop()`. */
  reprobeMs?: number;
  /** Replaces the HTTP probe (tests). */
  probe?: (llm: LlmConfig) => Promise<LlmProbeResult>;
  /** Replaces the chat model factory (tests pass `fakeModel()`). */
  model?: (temperature?: number) => BaseChatModel | undefined;
  /** Prices each call and holds it to the model budgets. */
  meter?: ModelMeter;
  /** Sees every call as it ends (process metrics). */
  onCall?: (call: { durationMs: number; ok: boolean }) => void;
}

/** The LLM as the rest of leadbot sees it: a port for stages, the raw chat model for the agent, and liveness. */
export interface LlmService {
  port: LlmPort;
  /** The LangChain chat model (undefined for LLM_PROVIDER=none), for the ReAct agent. */
  chatModel(): BaseChatModel | undefined;
  available(): boolean;
  describe(): string;
  /** The last probe, or undefined before the first. */
  status(): LlmProbeResult | undefined;
  /** Translates a vendor error into AppError('llm_unavailable'), marking the model down when it is gone. */
  translateError(err: unknown): AppError;
  /** Probes once (logging one warning if unreachable) and starts re-probing. Idempotent. */
  start(): Promise<LlmProbeResult>;
  /** Probes now; `available()` follows the result. */
  probe(): Promise<LlmProbeResult>;
  stop(): void;
}

/**
 * Builds the LLM connector for `config.llm`. Nothing touches the network until `start()` or `probe()`;
 * until a probe succeeds `available()` is false and every port call fails fast with llm_unavailable.
 */
export function createLlmService(llm: LlmConfig, logger: Logger, options: LlmServiceOptions = {}): LlmService {
  const label = describeLlm(llm);
  const probeFn = options.probe ?? ((config: LlmConfig) => probeLlm(config));
  const models = new Map<string, BaseChatModel | undefined>();
  const modelFor =
    options.model ??
    ((temperature?: number) => {
      const key = String(temperature ?? 'default');
      if (!models.has(key)) models.set(key, createChatModel(llm, { ...options, temperature }));
      return models.get(key);
    });
  let last: LlmProbeResult | undefined;
  let up = false;
  let warned = false;
  let timer: NodeJS.Timeout | undefined;
  let started: Promise<LlmProbeResult> | undefined;

  const markDown = (detail: string) => {
    const wasUp = up;
    up = false;
    if (!warned || wasUp) {
      warned = true;
      logger.warn(
        { llm: label, detail },
        `LLM unavailable: ${detail}. leadbot keeps running every deterministic path and will check again every ${Math.round((options.reprobeMs ?? 60_000) / 1000)} s.`,
      );
    }
  };

  const probe = async (): Promise<LlmProbeResult> => {
    const result = await probeFn(llm);
    last = result;
    if (result.ok) {
      if (!up && warned) logger.info({ llm: label }, `LLM is reachable again: ${result.detail}`);
      up = true;
    } else if (llm.provider !== 'none') markDown(result.detail);
    return result;
  };

  const translateError = (err: unknown) => {
    const error = translateLlmError(err, label, llm.timeoutMs);
    const kind = llmFailureKind(error);
    if (kind && DOWN_KINDS.includes(kind) && up) markDown(error.message);
    return error;
  };

  const port = createChatLlmPort({
    model: (temperature) => (llm.provider === 'none' ? undefined : modelFor(temperature)),
    provider: llm.provider,
    label,
    timeoutMs: llm.timeoutMs,
    available: () => up,
    onFailure: (err) => translateError(err),
    meter: options.meter,
    onCall: options.onCall,
  });

  return {
    port,
    chatModel: () => (llm.provider === 'none' ? undefined : modelFor()),
    available: () => up,
    describe: () => label,
    status: () => last,
    translateError,
    probe,
    start() {
      started ??= (async () => {
        const result = await probe();
        if (llm.provider === 'none') {
          logger.info('LLM_PROVIDER=none: no language model; every deterministic path works.');
          return result;
        }
        if (result.ok) logger.info({ llm: label }, `LLM ready: ${result.detail}`);
        timer = setInterval(() => {
          probe().catch((err) => logger.debug({ err }, 'LLM probe failed'));
        }, options.reprobeMs ?? 60_000);
        timer.unref();
        return result;
      })();
      return started;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
