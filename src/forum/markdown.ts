/**
 * Forum Markdown, rendered on the server into HTML that is safe to insert into a page. markdown-it with
 * `html: false` escapes every raw HTML tag the author writes, so only the tags markdown-it itself produces can
 * appear (paragraphs, emphasis, lists, quotes, code, tables, links). Images are switched off (attachments are
 * links only), and a link is kept only when it is http(s) or mailto; everything else stays as plain text.
 * Links get rel="nofollow ugc noopener noreferrer". Pure: no I/O.
 */
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: true });
md.disable(['image']);
md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow ugc noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export const renderMarkdown = (source: string): string => md.render(source);

/** The tags renderMarkdown may produce; tests check every rendered tag against this list. */
export const RENDERED_TAGS: ReadonlySet<string> = new Set([
  'p',
  'br',
  'em',
  'strong',
  's',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'code',
  'pre',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
