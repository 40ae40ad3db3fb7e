import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createTitlePolicy, loadTitlePolicy, normalizeTitleText } from '../../../src/pipeline/enrichment/titles.js';

describe('title normalisation', () => {
  const policy = loadTitlePolicy(createDirectiveStore(resolve('directives')));

  it('reads the target titles in priority order from directives/enrichment.md', () => {
    expect(policy.targets).toEqual(['CFO', 'VP Finance', 'Director of Facilities', 'VP Operations', 'Owner']);
  });

  it('treats the usual spellings as the same title', () => {
    expect(policy.canonical('Chief Financial Officer')).toBe('CFO');
    expect(policy.canonical('VP, Finance')).toBe('VP Finance');
    expect(policy.canonical('Vice-President of Finance')).toBe('VP Finance');
    expect(policy.canonical('Senior Vice President, Finance & Administration')).toBe('VP Finance');
    expect(policy.canonical('Facilities Director')).toBe('Director of Facilities');
    expect(policy.canonical('Chief Operating Officer')).toBe('VP Operations');
    expect(policy.canonical('Owner/Operator')).toBe('Owner');
    expect(policy.canonical('Founder & CEO')).toBe('Owner');
  });

  it('ranks by the best title a person holds', () => {
    expect(policy.rank('President & CFO')).toBe(0);
    expect(policy.rank('Owner')).toBe(4);
  });

  it('does not mistake other jobs for target titles', () => {
    expect(policy.rank('Vice President of Sales')).toBeNull();
    expect(policy.rank('Assistant to the CFO')).toBeNull();
    expect(policy.rank('Product Owner')).toBeNull();
    expect(policy.rank('Dental Hygienist')).toBeNull();
    expect(policy.rank(null)).toBeNull();
  });

  it('works without an alias table, on normalised text', () => {
    expect(normalizeTitleText('VP,  of   Finance')).toBe('vp finance');
    const bare = createTitlePolicy(['Energy Manager']);
    expect(bare.rank('energy manager (North)')).toBe(0);
    expect(bare.rank('CFO')).toBeNull();
  });
});
