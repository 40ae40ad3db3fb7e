import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseMrkdwn, parsePlain, safeUrl } from '../../src/workspace/public/mrkdwn.js';

describe('mrkdwn parser used by the page', () => {
  it('parses bold, italic, strike, code, links, mentions and emoji', () => {
    expect(parseMrkdwn('*Score* _high_ ~old~ `x<y` :fire: <https://a.example|site> <@U0LOCAL0001> <!here>')).toEqual([
      { t: 'b', c: [{ t: 'text', v: 'Score' }] },
      { t: 'text', v: ' ' },
      { t: 'i', c: [{ t: 'text', v: 'high' }] },
      { t: 'text', v: ' ' },
      { t: 's', c: [{ t: 'text', v: 'old' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'x<y' },
      { t: 'text', v: ' ' },
      { t: 'emoji', name: 'fire', v: '🔥' },
      { t: 'text', v: ' ' },
      { t: 'link', url: 'https://a.example', c: [{ t: 'text', v: 'site' }] },
      { t: 'text', v: ' ' },
      { t: 'user', id: 'U0LOCAL0001', label: undefined },
      { t: 'text', v: ' ' },
      { t: 'special', v: '@here' },
    ]);
  });

  it('keeps markup as text: entities decode to characters, never to tags', () => {
    const nodes = parseMrkdwn('&lt;img src=x onerror=alert(1)&gt; &amp; <script>');
    expect(nodes[0]).toEqual({ t: 'text', v: '<img src=x onerror=alert(1)> & ' });
    expect(nodes[1]).toMatchObject({ t: 'link', url: 'script' });
    expect(safeUrl('script')).toBe(false);
    expect(safeUrl('javascript:alert(1)')).toBe(false);
    expect(safeUrl('https://ok.example')).toBe(true);
  });

  it('does not treat mid-word markers as formatting; handles code blocks, quotes and line breaks', () => {
    expect(parseMrkdwn('snake_case_name 2*3*4')).toEqual([{ t: 'text', v: 'snake_case_name 2*3*4' }]);
    expect(parseMrkdwn('a\n```\nx *y*\n```\n&gt; quoted')).toEqual([
      { t: 'text', v: 'a' },
      { t: 'br' },
      { t: 'pre', v: 'x *y*\n' },
      { t: 'br' },
      { t: 'quote', c: [{ t: 'text', v: 'quoted' }] },
    ]);
  });

  it('turns emoji shortcodes in plain text into emoji and reads standard markdown', () => {
    expect(parsePlain('Approve :white_check_mark:')).toEqual([
      { t: 'text', v: 'Approve ' },
      { t: 'emoji', name: 'white_check_mark', v: '✅' },
    ]);
    expect(parseMarkdown('**Done** see [docs](https://d.example)')).toEqual([
      { t: 'b', c: [{ t: 'text', v: 'Done' }] },
      { t: 'text', v: ' see ' },
      { t: 'link', url: 'https://d.example', c: [{ t: 'text', v: 'docs' }] },
    ]);
  });
});
