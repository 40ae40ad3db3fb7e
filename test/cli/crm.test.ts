import { afterEach, describe, expect, it } from 'vitest';
import { cli, tempEnv } from '../helpers/cli.js';
import { type HubspotStandIn, startHubspotStandIn } from '../helpers/hubspot-stand-in.js';

let stand: HubspotStandIn | undefined;
afterEach(async () => {
  await stand?.close();
  stand = undefined;
});

describe('leadbot crm', () => {
  it('without HUBSPOT_TOKEN says no CRM is configured, and sync writes nothing', async () => {
    const env = tempEnv();
    const status = await cli(['crm', 'status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('No CRM configured');
    const sync = await cli(['crm', 'sync', '--json'], env);
    expect(sync.json()).toMatchObject({ crm: null, queued: 0 });
  });

  it('status names the scopes the token lacks; sync --dry-run writes nothing to HubSpot', async () => {
    stand = await startHubspotStandIn({ scopes: ['crm.objects.companies.read'] });
    const env = tempEnv({ HUBSPOT_TOKEN: stand.token, HUBSPOT_BASE_URL: stand.url });
    expect(
      (await cli(['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '3'], env))
        .code,
    ).toBe(0);
    const status = await cli(['crm', 'status'], env);
    expect(status.stdout).toMatch(
      /^HubSpot: NOT OK · token works \(account 4242\), 1 scopes; missing crm\.objects\.companies\.write/,
    );
    expect(status.stdout).toContain('lookups: 3 clear · 0 known · 0 not checked');
    const before = stand.requests.length;
    const dry = await cli(['crm', 'sync', '--dry-run'], env);
    expect(dry.stdout).toContain('HubSpot (dry run, nothing written)');
    expect(stand.requests.length).toBe(before);
    const doctor = (await cli(['doctor', '--json'], { ...env, HUBSPOT_TOKEN: 'pat-revoked' })).json<{
      ok: boolean;
      checks: { name: string; status: string; detail: string }[];
    }>();
    expect(doctor.checks.find((c) => c.name === 'crm')).toMatchObject({ status: 'warn' });
    expect(doctor.checks.find((c) => c.name === 'crm')!.detail).toMatch(/rejected the token/);
  });

  it('a company HubSpot could not be asked about is approved only with --confirm; company-info says why', async () => {
    stand = await startHubspotStandIn();
    stand.failNext({ status: 503, times: 1000, body: { status: 'error', message: 'Service Unavailable' } });
    const env = tempEnv({ HUBSPOT_TOKEN: stand.token, HUBSPOT_BASE_URL: stand.url });
    const found = await cli(
      ['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '2', '--json'],
      env,
    );
    const [lead] = found.json<{ companies: { id: number; name: string }[] }>().companies;
    const info = await cli(['company-info', String(lead!.name)], env);
    expect(info.stdout).toMatch(/crm: +Not checked against HubSpot: /);

    const refused = await cli(['approve-lead', String(lead!.id)], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`was not checked against HubSpot`);
    expect(refused.stderr).toContain(`leadbot approve-lead ${lead!.id} --confirm`);
    const listed = await cli(['list-leads', '--status', 'pending', '--json'], env);
    expect(JSON.stringify(listed.json())).toContain(`"id":${lead!.id}`);

    const approved = await cli(['approve-lead', String(lead!.id), '--confirm'], env);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/^Approved by .*: /);
  });
});
