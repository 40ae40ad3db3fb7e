import { describe, expect, it } from 'vitest';
import { checkCandidate } from '../../../src/pipeline/enrichment/gates.js';
import type { KnownContact } from '../../../src/pipeline/enrichment/ports.js';
import { createPermutationProvider, inferPattern } from '../../../src/providers/enrichment/permutation.js';
import {
  createSandboxProvider,
  createSandboxVerifier,
  sandboxCompany,
} from '../../../src/providers/enrichment/sandbox.js';
import { candidate, sampleTarget } from '../../pipeline/enrichment/fixtures.js';

const known = (over: Partial<KnownContact>): KnownContact => ({ ...candidate(over), titleRank: 0, ...over });

describe('permutation provider', () => {
  it('guesses the usual formats for a sourced name on the company domain, marked guessed, likeliest first', async () => {
    const { candidates } = await createPermutationProvider().find(sampleTarget(), {
      known: [known({ email: null, fullName: 'José-Luis Núñez', firstName: null, lastName: null, source: 'serper' })],
    });
    expect(candidates.map((c) => c.email)).toEqual([
      'jose.nunez@acme.example',
      'jnunez@acme.example',
      'jose@acme.example',
      'josenunez@acme.example',
      'jose_nunez@acme.example',
      'nunez@acme.example',
    ]);
    expect(candidates.every((c) => c.emailKind === 'guessed' && c.source === 'permutation')).toBe(true);
    expect(candidates.every((c) => c.evidenceUrl === 'https://acme.example/team')).toBe(true);
  });

  it('puts the format seen in a found address first, and never guesses without a name and a target title', async () => {
    const seen = known({
      fullName: 'Sam Ortiz',
      firstName: 'Sam',
      lastName: 'Ortiz',
      email: 'sortiz@acme.example',
      titleRank: 4,
    });
    expect(inferPattern([seen], 'acme.example')).toBe('flast');
    const provider = createPermutationProvider();
    const { candidates } = await provider.find(sampleTarget(), { known: [seen, known({ email: null })] });
    expect(candidates[0]!.email).toBe('dwhitfield@acme.example');
    const none = await provider.find(sampleTarget(), { known: [known({ email: null, titleRank: null })] });
    expect(none.candidates).toEqual([]);
  });
});

describe('sandbox enrichment', () => {
  it('is deterministic per domain, answers only for .example domains, and cites the company site', async () => {
    const provider = createSandboxProvider();
    const target = sampleTarget({ domain: 'harborpointdental.example' });
    const a = await provider.find(target, { known: [] });
    const b = await provider.find(target, { known: [] });
    expect(a).toEqual(b);
    for (const c of a.candidates) expect(c.evidenceUrl).toMatch(/^https:\/\/harborpointdental\.example\//);
    const real = await provider.find(sampleTarget({ domain: 'realcompany.com' }), { known: [] });
    expect(real.candidates).toEqual([]);
  });

  it('has a realistic mix across companies: CFOs, owners only, names only, role addresses only, nothing', () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = sandboxCompany(`company${i}.example`);
      if (c.people.length === 0) kinds.add(c.roleAddresses.length > 0 ? 'role-only' : 'nothing');
      else if (c.people.some((p) => !p.published)) kinds.add('name-only');
      else if (c.people.some((p) => /CFO|Financial/.test(p.title))) kinds.add('cfo');
      else kinds.add('other');
    }
    expect([...kinds].sort()).toEqual(['cfo', 'name-only', 'nothing', 'other', 'role-only']);
    const roleOnly = Array.from({ length: 200 }, (_, i) => `company${i}.example`).find(
      (d) => sandboxCompany(d).people.length === 0 && sandboxCompany(d).roleAddresses.length > 0,
    )!;
    const role = sandboxCompany(roleOnly).roleAddresses[0]!;
    const gate = checkCandidate(candidate({ email: role, fullName: null }), {
      domain: roleOnly,
      aliases: [],
      isDisposable: () => false,
    });
    expect(gate).toMatchObject({ ok: false, reason: 'role_address' });
  });

  it('the sandbox verifier confirms real sandbox mailboxes and refuses others', async () => {
    const verifier = createSandboxVerifier();
    const domain = Array.from({ length: 50 }, (_, i) => `company${i}.example`).find(
      (d) => sandboxCompany(d).people.length > 0 && !sandboxCompany(d).catchAll,
    )!;
    const mailbox = sandboxCompany(domain).people[0]!.mailbox;
    expect((await verifier.verify(mailbox)).status).toBe('valid');
    expect((await verifier.verify(`nobody.here@${domain}`)).status).toBe('invalid');
    expect((await verifier.verify('dana@realcompany.com')).status).toBe('unknown');
  });
});
