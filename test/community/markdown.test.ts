// Comment Markdown: formatting works, and every XSS payload comes out inert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCommentMarkdown } from '../../src/community/markdown.ts';

test('comment Markdown renders emphasis, code, lists and safe links with rel=nofollow ugc', () => {
  const html = renderCommentMarkdown('**bold** and `x<y`\n\n- one\n- two\n\n[site](https://example.org/a?b=1)');
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /<code>x&lt;y<\/code>/);
  assert.match(html, /<li>one<\/li>/);
  assert.match(html, /<a href="https:\/\/example.org\/a\?b=1" rel="nofollow ugc noopener">site<\/a>/);
  assert.match(renderCommentMarkdown('see https://arxiv.org/abs/2501.00001'), /<a href="https:\/\/arxiv.org\/abs\/2501.00001" rel="nofollow ugc noopener">/);
});

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](https://evil.example/pixel.png)',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '"><script>alert(1)</script>',
  '[x](https://a.example" onmouseover="alert(1))',
  '<details open ontoggle=alert(1)>',
  '`<script>`',
];

test('XSS payloads in comments render inert', () => {
  for (const payload of PAYLOADS) {
    const html = renderCommentMarkdown(payload);
    assert.doesNotMatch(html, /<(script|img|svg|iframe|details)\b/i, payload);
    assert.doesNotMatch(html, /href="(javascript|data|vbscript):/i, payload);
    assert.doesNotMatch(html, /<[^>]+\son\w+=/i, `${payload} → ${html}`);
  }
});
