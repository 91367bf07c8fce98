// Comment Markdown → safe HTML: raw HTML is escaped, links are http(s) only and marked nofollow ugc.
import MarkdownIt from 'markdown-it';

// html:false escapes every tag a commenter types; linkify turns bare URLs into links; images are
// disabled (tracking pixels, layout abuse) and headings demoted to plain text in a comment.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
md.disable(['image', 'heading', 'lheading', 'table', 'html_block', 'html_inline']);

md.validateLink = (url: string) => /^https?:\/\//i.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export const MAX_COMMENT_LENGTH = 10_000;

/** The sanitised HTML of a comment body. */
export function renderCommentMarkdown(body: string): string {
  return md.render(body);
}
