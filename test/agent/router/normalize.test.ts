import { describe, expect, it } from 'vitest';
import { normalizeMessage } from '../../../src/agent/router/normalize.js';
import { numberWordsToDigits } from '../../../src/agent/router/numbers.js';

describe('normalizeMessage', () => {
  it('removes mentions and remembers who was mentioned', () => {
    const n = normalizeMessage('<@U123> find 10 law firms <@U456|sam> in Austin');
    expect(n.text).toBe('find 10 law firms in Austin');
    expect(n.mentions).toEqual(['U123', 'U456']);
  });

  it('unwraps mailto and links to what the user saw', () => {
    expect(normalizeMessage('suppress <mailto:a@b.example|a@b.example>').text).toBe('suppress a@b.example');
    const n = normalizeMessage('block <http://x.io|x.io> and <https://acme.example/about>');
    expect(n.text).toBe('block x.io and https://acme.example/about');
    expect(n.links).toEqual(['http://x.io', 'https://acme.example/about']);
  });

  it('drops channel links and special mentions', () => {
    const n = normalizeMessage('<!here> post the digest in <#C123|leads>');
    expect(n.text).toBe('post the digest in');
    expect(n.channels).toEqual(['C123']);
  });

  it('decodes entities, straightens quotes and strips emphasis and code', () => {
    expect(normalizeMessage('find “law firms” &amp; *accountants* in `Austin`').text).toBe(
      'find "law firms" & accountants in Austin',
    );
    expect(normalizeMessage('&lt;3 &gt; don’t').text).toBe("<3 > don't");
  });

  it('removes emoji shortcodes and unicode emoji', () => {
    const n = normalizeMessage('find 10 :hospital: hospitals 🏥 near Chicago 👍🏽');
    expect(n.text).toBe('find 10 hospitals near Chicago');
    expect(n.emojis).toEqual([':hospital:', '🏥', '👍🏽']);
  });

  it('collapses repeated and trailing punctuation but remembers a question', () => {
    const n = normalizeMessage('  status???  ');
    expect(n.text).toBe('status');
    expect(n.question).toBe(true);
    expect(normalizeMessage('find hotels in Miami!!! now!!').text).toBe('find hotels in Miami! now');
  });

  it('keeps line breaks as sentence breaks', () => {
    expect(normalizeMessage('hi\nfind 10 law firms in Austin').text).toBe('hi. find 10 law firms in Austin');
  });
});

describe('numberWordsToDigits', () => {
  it.each([
    ['find twenty law firms', 'find 20 law firms'],
    ['twenty-five clinics', '25 clinics'],
    ['a dozen hotels', '12 hotels'],
    ['half a dozen leads', '6 leads'],
    ['a couple of leads', '2 leads'],
    ['one hundred and five', '105'],
    ['a hundred schools', '100 schools'],
    ['ninety nine banks', '99 banks'],
    ['find one law firm', 'find 1 law firm'],
    ['approve the first one', 'approve the first one'],
    ['this one please', 'this one please'],
    ['no one', 'no one'],
  ])('%s → %s', (input, out) => {
    expect(numberWordsToDigits(input)).toBe(out);
  });
});
