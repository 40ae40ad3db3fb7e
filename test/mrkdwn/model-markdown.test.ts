import { describe, expect, it } from 'vitest';
import { createMarkdownStream, neutraliseModelMarkdown } from '../../src/mrkdwn/model-markdown.js';
import { allowLinks } from '../../src/mrkdwn/model-text.js';

const links = allowLinks(['https://acme.example/']);

describe('model text as Markdown (streamed answers)', () => {
  it('shows mentions, control sequences and unknown links as inert code, and keeps allowed links', () => {
    expect(
      neutraliseModelMarkdown(
        'Hi <@U123> <!channel>, see <https://evil.example|acme>, [Acme](https://acme.example/), [x](https://evil.example) or https://evil.example/x.',
        links,
      ),
    ).toBe(
      'Hi `<@U123>` `<!channel>`, see `<https://evil.example|acme>`, [Acme](https://acme.example/), x (`https://evil.example`) or `https://evil.example/x`.',
    );
  });

  it('rewrites mrkdwn emphasis as Markdown and leaves code spans and bullets alone', () => {
    expect(neutraliseModelMarkdown('* *Lakeview* is ~gone~; `a <@U1> *b*` <https://acme.example/|site>', links)).toBe(
      '* **Lakeview** is ~~gone~~; `a <@U1> *b*` [site](https://acme.example/)',
    );
  });

  it('strips control characters and bidirectional overrides', () => {
    expect(neutraliseModelMarkdown('ok\u202eevil\u0007', links)).toBe('okevil');
  });

  it('releases streamed text only where nothing is half-written, and ends with the same text as at once', () => {
    const text = 'Hi <@U123>, see [Acme](https://acme.example/) and *bold words* now.\nNext line <!here> done';
    for (const size of [1, 2, 3, 5, 8]) {
      const stream = createMarkdownStream(links);
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += size) pieces.push(stream.push(text.slice(i, i + size)));
      pieces.push(stream.end());
      for (const p of pieces) expect(p).not.toMatch(/(^|[^`])<@U|<!here>(?!`)/);
      expect(pieces.join('')).toBe(neutraliseModelMarkdown(text, links));
      expect(pieces.filter(Boolean).length).toBeGreaterThan(3);
    }
  });
});
