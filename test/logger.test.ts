import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildContainer } from '../src/container/index.js';
import { createLogger } from '../src/logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('logs', () => {
  it('carry the run id on every line written while a run works, and never a secret', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', destination: stream });
    const config = loadConfig({
      LLM_PROVIDER: 'none',
      SLACK_BOT_TOKEN: 'xoxb-1234-secret-token',
      SLACK_SIGNING_SECRET: 'a'.repeat(32),
    });
    const app = await buildContainer(config, logger, { databasePath: ':memory:' });
    logger.info('before any run');
    const work = async () => {
      const run = await app.recorder.start({ kind: 'test', trigger: 'test' });
      await new Promise((r) => setTimeout(r, 5));
      logger.info({ config: { slack: config.slack } }, 'inside the run, after an await');
      await run.complete();
      return run.id;
    };
    const [a, b] = await Promise.all([work(), work()]);
    await app.close();
    const inside = lines.filter((l) => l.msg === 'inside the run, after an await');
    expect(inside.map((l) => l.runId).sort()).toEqual([a, b].sort());
    expect(lines.find((l) => l.msg === 'before any run')).not.toHaveProperty('runId');
    expect(JSON.stringify(lines)).not.toContain('xoxb-1234-secret-token');
  });
});
