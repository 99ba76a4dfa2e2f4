/**
 * XSS attempts for forum titles, bodies and comments, after the OWASP filter-evasion cheat sheet. Each must
 * come out inert: no element or attribute that runs script, and no link other than http(s)/mailto.
 */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload=window.__xss=1>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<a href="javascript:window.__xss=1">click</a>',
  '[click](javascript:window.__xss=1)',
  '[click](JaVaScRiPt:window.__xss=1)',
  '[click](  javascript:window.__xss=1)',
  '[click](java&#x09;script:window.__xss=1)',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](javascript:window.__xss=1)',
  '![x](https://example.org/x.png" onerror="window.__xss=1)',
  '<body onload=window.__xss=1>',
  '<div style="background:url(javascript:window.__xss=1)">x</div>',
  '"><script>window.__xss=1</script>',
  "'';!--\"<XSS>=&{()}",
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '<details open ontoggle=window.__xss=1>',
  '`<script>window.__xss=1</script>`',
  '```html\n<script>window.__xss=1</script>\n```',
  '<https://example.org" onmouseover="window.__xss=1>',
  '[x](https://example.org "a\\" onmouseover=\\"window.__xss=1")',
  '<scr<script>ipt>window.__xss=1</scr</script>ipt>',
  '&lt;script&gt;window.__xss=1&lt;/script&gt;',
  '<object data="javascript:window.__xss=1"></object>',
  '<form action="javascript:window.__xss=1"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
];

/** Every problem in a piece of rendered HTML: disallowed tags, event or style attributes, unsafe links. */
export function unsafeParts(html: string, allowedTags: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    const attrs = m[2] ?? '';
    if (!allowedTags.has(tag)) problems.push(`tag <${tag}>`);
    for (const a of attrs.matchAll(/([^\s=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)) {
      const name = a[1]!.toLowerCase();
      const value = a[2]!.replace(/^["']|["']$/g, '');
      if (!['href', 'rel', 'class', 'title', 'start', 'style'].includes(name))
        problems.push(`attribute ${name}`);
      if (name === 'style' && !/^text-align:(left|right|center)$/.test(value))
        problems.push(`style ${value}`);
      if (name === 'href' && !/^(https?:\/\/|mailto:)/i.test(value)) problems.push(`href ${value}`);
    }
  }
  return problems;
}
