import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempEnv } from '../helpers/cli.js';

const BOUNCE = [
  'From: <>',
  'To: ana@leadbot-sandbox.example',
  'Subject: Undelivered Mail Returned to Sender',
  'Message-ID: <dsn-cli@mx.example>',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
  '',
  '--b',
  'Content-Type: message/delivery-status',
  '',
  'Final-Recipient: rfc822; stranger@elsewhere.example',
  'Action: failed',
  'Status: 5.1.1',
  '--b--',
].join('\n');

describe('leadbot inbound-issues', () => {
  it('lists a bounce with no From that matched no send, with the reason', async () => {
    const env = tempEnv();
    const file = join(env.OUTBOX_DIR!, '..', 'bounce.eml');
    writeFileSync(file, BOUNCE);
    const ingest = await cli(['ingest-reply', file, '--json'], env);
    expect(ingest.code).toBe(0);
    const listed = await cli(['inbound-issues', '--json'], env);
    expect(listed.json()).toMatchObject({
      count: 1,
      issues: [
        {
          reason: 'unmatched',
          classification: 'bounce',
          detail: expect.stringContaining('stranger@elsewhere.example'),
        },
      ],
    });
    const table = await cli(['inbound-issues'], env);
    expect(table.stdout).toContain('unmatched');
  });
});
