import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/cli/format.js';
import { escapeLine, escapeMrkdwn, httpUrl, mrkdwnLink } from '../../src/mrkdwn/escape.js';
import { allowLinks, neutraliseModelText } from '../../src/mrkdwn/model-text.js';

describe('mrkdwn escaping', () => {
  it("escapes Slack's three control characters, already-escaped text included, and drops control characters", () => {
    expect(escapeMrkdwn('<!channel> & <@U1> &lt;')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; &amp;lt;');
    expect(escapeMrkdwn('a\u0000b\u001b[31mc\u202ed\tе\nf')).toBe('ab[31mcd\tе\nf');
    expect(escapeMrkdwn('*bold* _it_ ~s~ `c`')).toBe('*bold* _it_ ~s~ `c`');
  });

  it('keeps one line of data on one line', () => {
    expect(escapeLine(' Acme\n:white_check_mark: Approved\r\n> x ')).toBe('Acme :white_check_mark: Approved &gt; x');
  });

  it('builds links only to http(s) URLs, with the label escaped and the target unable to end the sequence', () => {
    expect(mrkdwnLink('acme.example', '<!here> Acme')).toBe('<https://acme.example/|&lt;!here&gt; Acme>');
    expect(mrkdwnLink('https://acme.example/a|b>c?x=1&y=2', 'Acme')).toBe(
      '<https://acme.example/a%7Cb%3Ec?x=1&amp;y=2|Acme>',
    );
    expect(mrkdwnLink('javascript:alert(1)', 'Acme')).toBe('Acme');
    expect(mrkdwnLink('https://user:pw@evil.example', 'Acme')).toBe('Acme');
    expect(mrkdwnLink(null, 'A & B')).toBe('A &amp; B');
    expect(httpUrl('ftp://acme.example')).toBeUndefined();
    expect(httpUrl('acme.example/x y')).toBeUndefined();
  });
});

describe('model output', () => {
  const links = allowLinks(['https://acme.example', 'acme-two.example/about']);

  it('neutralises mentions, pings and links the model wrote, keeping its formatting', () => {
    const out = neutraliseModelText(
      '*Hi* <!channel> <@U123> <#C1|general> <https://evil.example|Click to approve> [x](https://evil.example) https://evil.example/login.',
      links,
    );
    expect(out).toBe(
      '*Hi* &lt;!channel&gt; &lt;@U123&gt; &lt;#C1|general&gt; &lt;https://evil.example|Click to approve&gt; [x](https://evil.example) https://evil.example/login.',
    );
  });

  it('keeps links to URLs on the allow-list, as explicit links with escaped labels', () => {
    expect(neutraliseModelText('See <https://acme.example|Acme & co>', links)).toBe(
      'See <https://acme.example/|Acme &amp; co>',
    );
    expect(neutraliseModelText('<https://acme.example|<!here>>', links)).toBe(
      '&lt;<https://acme.example/|acme.example>|&lt;!here&gt;&gt;',
    );
    expect(
      neutraliseModelText('See [Acme & co](https://acme.example/) or https://acme-two.example/about.', links),
    ).toBe('See <https://acme.example/|Acme &amp; co> or <https://acme-two.example/about|acme-two.example/about>.');
    expect(neutraliseModelText('<https://acme.example@evil.example|Acme>', links)).toBe(
      '&lt;https://acme.example@evil.example|Acme&gt;',
    );
  });

  it('reads back as plain text in the terminal', () => {
    expect(plainText('*Acme* &lt;!channel&gt; &amp; <https://acme.example/?a=1&amp;b=2|site>')).toBe(
      'Acme <!channel> & site (https://acme.example/?a=1&b=2)',
    );
  });
});
