import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { llmFailureKind, translateLlmError } from '../../../src/providers/llm/errors.js';

const label = 'ollama (llama3.2)';
const withStatus = (status: number, key: 'status' | 'status_code' = 'status') =>
  Object.assign(new Error(`HTTP ${status}`), { [key]: status });

describe('translateLlmError', () => {
  it.each([
    [withStatus(401), 'auth', 'ollama (llama3.2) refused the API key (401)'],
    [withStatus(404, 'status_code'), 'model', 'ollama (llama3.2): the model was not found (404); check the model name'],
    [withStatus(429), 'rate_limited', 'ollama (llama3.2) is rate limiting requests (429); try again shortly'],
    [withStatus(503), 'server', 'ollama (llama3.2) failed with 503'],
    [withStatus(400), 'request', 'ollama (llama3.2) rejected the request (400: HTTP 400)'],
    [
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
      'connection',
      'ollama (llama3.2) is not reachable (ECONNREFUSED)',
    ],
    [
      Object.assign(new Error('The operation was aborted'), { name: 'TimeoutError' }),
      'timeout',
      'ollama (llama3.2) did not answer within 60 s',
    ],
  ])('%s → %s', (err, kind, message) => {
    const translated = translateLlmError(err, label, 60_000);
    expect(translated).toBeInstanceOf(AppError);
    expect(translated.code).toBe('llm_unavailable');
    expect(llmFailureKind(translated)).toBe(kind);
    expect(translated.message).toBe(message);
    expect(translated.cause).toBe(err);
  });

  it('passes an AppError through unchanged', () => {
    const err = new AppError('llm_invalid_output', 'bad');
    expect(translateLlmError(err, label, 1000)).toBe(err);
  });
});
