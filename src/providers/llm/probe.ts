import type { Config } from '../../config.js';
import { refusedKeyStatus } from '../../http-status.js';

export interface LlmProbeResult {
  ok: boolean;
  provider: Config['llm']['provider'];
  model: string | null;
  detail: string;
}

/**
 * Checks whether the configured model can answer: for Ollama, the server is up and the model pulled;
 * for OpenAI-compatible servers, `/models` answers and lists the model (an empty or unparseable list is accepted).
 * Never throws.
 */
export async function probeLlm(llm: Config['llm'], timeoutMs = 3000): Promise<LlmProbeResult> {
  if (llm.provider === 'none')
    return { ok: false, provider: 'none', model: null, detail: 'disabled (LLM_PROVIDER=none)' };
  const signal = AbortSignal.timeout(timeoutMs);
  if (llm.provider === 'ollama') {
    const model = llm.ollamaModel;
    try {
      const res = await fetch(`${llm.ollamaHost}/api/tags`, { signal });
      if (!res.ok)
        return { ok: false, provider: 'ollama', model, detail: `Ollama at ${llm.ollamaHost} answered ${res.status}` };
      const body = (await res.json()) as { models?: { name?: string; model?: string }[] };
      const names = (body.models ?? []).flatMap((m) => [m.name, m.model]).filter((n): n is string => Boolean(n));
      // "llama3.2" means "llama3.2:latest"; a pulled "llama3.2:1b" would not answer to it.
      const pulled = names.some((n) => n === model || n === `${model}:latest`);
      return pulled
        ? { ok: true, provider: 'ollama', model, detail: `Ollama at ${llm.ollamaHost} has ${model}` }
        : {
            ok: false,
            provider: 'ollama',
            model,
            detail: `Ollama is up but ${model} is not pulled (run: ollama pull ${model})`,
          };
    } catch (err) {
      return {
        ok: false,
        provider: 'ollama',
        model,
        detail: `Ollama is not reachable at ${llm.ollamaHost} (${describe(err)})`,
      };
    }
  }
  const base = (llm.openaiBaseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const model = llm.openaiModel;
  try {
    const headers: Record<string, string> = {};
    if (llm.openaiApiKey) headers.authorization = `Bearer ${llm.openaiApiKey}`;
    const res = await fetch(`${base}/models`, { headers, signal });
    if (refusedKeyStatus(res.status))
      return { ok: false, provider: 'openai', model, detail: `${base} refused the API key (${res.status})` };
    if (!res.ok) return { ok: false, provider: 'openai', model, detail: `${base}/models answered ${res.status}` };
    const ids = await modelIds(res);
    if (ids.length > 0 && !ids.includes(model)) {
      const offered = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', …' : '');
      return { ok: false, provider: 'openai', model, detail: `${base} does not offer ${model} (it has ${offered})` };
    }
    return { ok: true, provider: 'openai', model, detail: `${base} is reachable and serves ${model}` };
  } catch (err) {
    return { ok: false, provider: 'openai', model, detail: `${base} is not reachable (${describe(err)})` };
  }
}

/** Model ids from an OpenAI-style `/models` answer (`{ data: [{ id }] }`); [] when the body has another shape. */
async function modelIds(res: Response): Promise<string[]> {
  try {
    const body = (await res.json()) as { data?: { id?: unknown }[] };
    return (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
    const cause = (err as { cause?: { code?: string } }).cause;
    return cause?.code ?? err.message;
  }
  return String(err);
}
