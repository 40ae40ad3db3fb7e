import { describe, expect, it } from 'vitest';
import { isSendable } from '../../../src/pipeline/contacts/ports.js';
import { isDisposableDomain } from '../../../src/pipeline/enrichment/disposable.js';
import { checkCandidate, isValidEmailSyntax, looksLikePersonName } from '../../../src/pipeline/enrichment/gates.js';
import type { CandidateContact } from '../../../src/pipeline/enrichment/ports.js';
import { sampleContact } from './fixtures.js';

const ctx = { domain: 'acme.example', aliases: ['acme-group.example'], isDisposable: isDisposableDomain };
const candidate = (over: Partial<CandidateContact>): CandidateContact => ({
  fullName: 'Dana Whitfield',
  firstName: 'Dana',
  lastName: 'Whitfield',
  title: 'CFO',
  email: 'dana.whitfield@acme.example',
  emailKind: 'found',
  source: 'hunter',
  evidenceUrl: 'https://acme.example/team',
  confidence: 0.9,
  ...over,
});
const reasonOf = (over: Partial<CandidateContact>) => {
  const r = checkCandidate(candidate(over), ctx);
  return r.ok ? 'kept' : r.reason;
};

describe('quality gates', () => {
  it('keeps a sourced person on the company domain, lower-casing the address', () => {
    const r = checkCandidate(candidate({ email: 'Dana.Whitfield@ACME.example' }), ctx);
    expect(r).toMatchObject({ ok: true, candidate: { email: 'dana.whitfield@acme.example' } });
    expect(reasonOf({ email: 'dana@mail.acme.example' })).toBe('kept');
    expect(reasonOf({ email: 'dana@acme-group.example' })).toBe('kept');
  });

  it('drops role addresses and placeholders', () => {
    for (const email of ['info@acme.example', 'noreply@acme.example', 'sales@acme.example', 'office@acme.example'])
      expect(reasonOf({ email, fullName: null })).toBe('role_address');
    expect(reasonOf({ email: 'customer.service@acme.example' })).toBe('role_address');
    expect(reasonOf({ email: 'email_not_unlocked@domain.com' })).toBe('placeholder');
    expect(reasonOf({ email: 'john.doe@acme.example' })).toBe('placeholder');
    expect(reasonOf({ email: 'd****@acme.example' })).toBe('bad_syntax');
  });

  it('drops addresses on another domain, bad syntax and disposable domains', () => {
    expect(reasonOf({ email: 'dana@gmail.com' })).toBe('foreign_domain');
    expect(reasonOf({ email: 'dana@acme.example.evil.com' })).toBe('foreign_domain');
    expect(reasonOf({ email: 'dana@@acme.example' })).toBe('bad_syntax');
    expect(reasonOf({ email: 'logo@2x.png' })).toBe('bad_syntax');
    const disposable = checkCandidate(candidate({ email: 'dana@mailinator.com' }), {
      ...ctx,
      aliases: ['mailinator.com'],
    });
    expect(disposable).toMatchObject({ ok: false, reason: 'disposable' });
  });

  it('never keeps anything without a source, and keeps a sourced name without an address', () => {
    expect(reasonOf({ source: '' })).toBe('no_source');
    expect(reasonOf({ email: null })).toBe('kept');
    expect(reasonOf({ email: null, fullName: null })).toBe('nothing_found');
    expect(reasonOf({ email: null, fullName: 'Read More' })).toBe('bad_name');
    expect(reasonOf({ fullName: 'contact us today 123' })).toBe('bad_name');
  });

  it('syntax and name checks', () => {
    expect(isValidEmailSyntax('a.b-c+d@sub.acme.example')).toBe(true);
    expect(isValidEmailSyntax('.ab@acme.example')).toBe(false);
    expect(isValidEmailSyntax('a..b@acme.example')).toBe(false);
    expect(looksLikePersonName('María-José O’Neil')).toBe(true);
    expect(looksLikePersonName('Dana')).toBe(false);
  });

  it('a guessed address is sendable only once verification says valid', () => {
    const guessed = sampleContact({ emailKind: 'guessed', verification: 'unverified' });
    expect(isSendable(guessed)).toBe(false);
    expect(isSendable({ ...guessed, verification: 'catch_all' })).toBe(false);
    expect(isSendable({ ...guessed, verification: 'valid' })).toBe(true);
    expect(isSendable(guessed, false)).toBe(true);
    expect(isSendable(sampleContact({ emailKind: 'found', verification: 'unverified' }))).toBe(true);
    expect(isSendable(sampleContact({ verification: 'invalid' }))).toBe(false);
  });
});
