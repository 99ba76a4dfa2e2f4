import { describe, expect, it } from 'vitest';
import { unsafeParts, XSS_PAYLOADS } from '../../test/forum/xss-payloads.js';
import { renderMarkdown, RENDERED_TAGS } from './markdown.js';

describe('forum Markdown', () => {
  it.each(XSS_PAYLOADS)('renders %s inert', (payload) => {
    const html = renderMarkdown(`Before\n\n${payload}\n\nafter ${payload}`);
    expect(unsafeParts(html, RENDERED_TAGS)).toEqual([]);
  });

  it('the checker itself catches unsafe HTML', () => {
    expect(unsafeParts('<img src=x onerror=alert(1)>', RENDERED_TAGS)).toEqual([
      'tag <img>',
      'attribute src',
      'attribute onerror',
    ]);
    expect(unsafeParts('<a href="javascript:x">y</a>', RENDERED_TAGS)).toEqual(['href javascript:x']);
  });

  it('keeps ordinary Markdown and http links, with rel=nofollow', () => {
    const html = renderMarkdown(
      '**굵게** and *em*\n\n- one\n- two\n\n[MSIT](https://www.msit.go.kr) https://example.org',
    );
    expect(html).toContain('<strong>굵게</strong>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain(
      '<a href="https://www.msit.go.kr" rel="nofollow ugc noopener noreferrer">MSIT</a>',
    );
    expect(html).toContain('<a href="https://example.org" rel="nofollow ugc noopener noreferrer">');
  });

  it('shows raw HTML as text and drops images', () => {
    expect(renderMarkdown('<b>x</b>')).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>\n');
    expect(renderMarkdown('![alt](https://example.org/a.png)')).not.toContain('<img');
  });
});
