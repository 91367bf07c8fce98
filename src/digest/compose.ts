// Composes one subscriber's digest (pure): picks the papers, renders HTML + text + headers.
import { displayedUpvotes, type DigestPeriod, type Paper, type Topics } from '../model.ts';
import { matchesTopics } from './topics.ts';

/**
 * The period's candidates in trending order, kept when they match the topics and were never mailed
 * to this subscriber, at most `max` of them.
 */
export function selectDigestPapers(
  candidates: readonly Paper[],
  topics: Topics,
  alreadySent: ReadonlySet<string>,
  max: number,
  queryHits?: ReadonlySet<string> | null,
): Paper[] {
  const out: Paper[] = [];
  for (const p of candidates) {
    if (out.length >= max) break;
    if (!alreadySent.has(p.id) && matchesTopics(p, topics, queryHits)) out.push(p);
  }
  return out;
}

export interface DigestLinks {
  manageUrl: string;
  unsubscribeUrl: string;
  /** `mailto:` URL for List-Unsubscribe. */
  unsubscribeMailto: string;
}

export interface ComposedDigest {
  subject: string;
  preview: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** The member's own picks, appended after the trending list ("For you", see src/foryou). */
export interface DigestForYou {
  items: { paper: Paper; reason: string }[];
  /** Where the whole feed is. */
  url: string;
}

export interface DigestRendererOptions {
  publicUrl: string;
  period: DigestPeriod;
  dueOn: string;
  siteName?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Titles and abstracts arrive with TeX-ish whitespace and newlines; one line of plain text each. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function shorten(s: string, max: number): string {
  const t = oneLine(s);
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

function authorLine(authors: readonly string[]): string {
  if (authors.length === 0) return '';
  return authors.length > 3 ? `${authors.slice(0, 3).join(', ')} et al.` : authors.join(', ');
}

function dayLabel(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

// Colours picked to stay readable when a client inverts them (Gmail, Outlook dark mode) and
// overridden properly where @media (prefers-color-scheme) works (Apple Mail, Outlook.com).
const C = { bg: '#f4f4f5', card: '#ffffff', text: '#1f2328', muted: '#57606a', link: '#0a58ca', rule: '#d0d7de' };
const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

const HEAD_STYLE = `
:root{color-scheme:light dark;supported-color-schemes:light dark}
@media (prefers-color-scheme: dark){
 .pb-bg{background:#0d1117!important}
 .pb-card{background:#161b22!important;border-color:#30363d!important}
 .pb-text{color:#e6edf3!important}
 .pb-muted{color:#9da7b3!important}
 .pb-link{color:#79c0ff!important}
 .pb-pad{border-color:#30363d!important}
}
@media only screen and (max-width:620px){ .pb-card{width:100%!important} .pb-pad{padding:16px!important} }`;

/**
 * Renders digests for one run. Paper blocks are rendered once per run and reused for every
 * subscriber (composing 20,000 digests repeats the same few dozen papers).
 */
export function createDigestRenderer(opts: DigestRendererOptions) {
  const site = opts.siteName ?? 'Paperboy';
  const blocks = new Map<string, { html: string; text: string }>();
  const paperUrl = (p: Paper) => `${opts.publicUrl}/papers/${p.id.split('/').map(encodeURIComponent).join('/')}`;
  const periodWord = opts.period === 'daily' ? 'Daily' : 'Weekly';
  const heading = `${periodWord} trending papers · ${dayLabel(opts.dueOn)}`;
  const host = new URL(opts.publicUrl).hostname;

  function block(p: Paper, index: number): { html: string; text: string } {
    let b = blocks.get(p.id);
    if (!b) {
      const url = paperUrl(p);
      const title = oneLine(p.title);
      const summary = shorten(p.daily?.aiSummary || p.abstract, 320);
      const authors = authorLine(p.authors);
      const meta = [displayedUpvotes(p) ? `▲ ${displayedUpvotes(p)}` : '', p.categories[0] ?? '', p.codeUrls.length ? 'code' : ''].filter(Boolean).join(' · ');
      const html =
        `<tr><td class="pb-pad" style="padding:18px 24px;border-top:1px solid ${C.rule}">` +
        `<a class="pb-link" href="${escapeHtml(url)}" style="${FONT};color:${C.link};font-size:17px;line-height:1.35;font-weight:600;text-decoration:none">${escapeHtml(title)}</a>` +
        (authors ? `<div class="pb-muted" style="${FONT};color:${C.muted};font-size:13px;line-height:1.5;margin-top:4px">${escapeHtml(authors)}</div>` : '') +
        (summary ? `<div class="pb-text" style="${FONT};color:${C.text};font-size:14px;line-height:1.55;margin-top:8px">${escapeHtml(summary)}</div>` : '') +
        (meta ? `<div class="pb-muted" style="${FONT};color:${C.muted};font-size:12px;line-height:1.5;margin-top:6px">${escapeHtml(meta)}</div>` : '') +
        `</td></tr>`;
      const text = [`${title}`, authors, summary, url].filter(Boolean).join('\n');
      b = { html, text };
      blocks.set(p.id, b);
    }
    return { html: b.html, text: `${index + 1}. ${b.text}` };
  }

  return {
    paperUrl,
    /** The digest for one subscriber; `papers` must not be empty (empty digests are not sent). */
    compose(papers: readonly Paper[], links: DigestLinks, forYou?: DigestForYou | null): ComposedDigest {
      if (papers.length === 0) throw new Error('an empty digest is not composed');
      const first = oneLine(papers[0]!.title);
      const subject = papers.length === 1 ? `${periodWord} trending: ${first}` : `${periodWord} trending: ${shorten(first, 70)} and ${papers.length - 1} more`;
      const preview = shorten(papers.slice(0, 3).map((p) => oneLine(p.title)).join(' · '), 140);
      const rendered = papers.map(block);
      // Personal picks are rendered per message (never shared between subscribers), with their reason.
      const mine = (forYou?.items ?? []).map(({ paper, reason }, i) => {
        const url = paperUrl(paper);
        return {
          html:
            `<tr><td class="pb-pad" style="padding:12px 24px;border-top:1px solid ${C.rule}">` +
            `<a class="pb-link" href="${escapeHtml(url)}" style="${FONT};color:${C.link};font-size:15px;line-height:1.35;font-weight:600;text-decoration:none">${escapeHtml(oneLine(paper.title))}</a>` +
            `<div class="pb-muted" style="${FONT};color:${C.muted};font-size:12px;line-height:1.5;margin-top:4px">${escapeHtml(reason)}</div></td></tr>`,
          text: `${i + 1}. ${oneLine(paper.title)}\n${reason}\n${url}`,
        };
      });
      const mineHtml = mine.length
        ? `<tr><td class="pb-pad" style="padding:18px 24px 6px;border-top:1px solid ${C.rule}"><div class="pb-text" style="${FONT};color:${C.text};font-size:16px;font-weight:700">For you</div>` +
          `<div class="pb-muted" style="${FONT};color:${C.muted};font-size:12px">From what you saved and follow · <a class="pb-link" href="${escapeHtml(forYou!.url)}" style="color:${C.link}">your whole feed</a></div></td></tr>` +
          mine.map((m) => m.html).join('')
        : '';
      const mineText = mine.length ? `\n\nFor you (from what you saved and follow: ${forYou!.url})\n\n${mine.map((m) => m.text).join('\n\n')}` : '';
      const html =
        `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">` +
        `<title>${escapeHtml(subject)}</title><style>${HEAD_STYLE}</style></head>` +
        `<body class="pb-bg" style="margin:0;padding:0;background:${C.bg}">` +
        // Preview text: shown by inboxes next to the subject, hidden in the message itself.
        `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:${C.bg}">${escapeHtml(preview)}${'&#8199;&#65279;&#847; '.repeat(20)}</div>` +
        `<table role="presentation" class="pb-bg" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${C.bg}"><tr><td align="center" style="padding:24px 8px">` +
        `<table role="presentation" class="pb-card" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:100%;background:${C.card};border:1px solid ${C.rule};border-radius:8px">` +
        `<tr><td class="pb-pad" style="padding:20px 24px">` +
        `<div class="pb-text" style="${FONT};color:${C.text};font-size:20px;font-weight:700">${escapeHtml(site)}</div>` +
        `<div class="pb-muted" style="${FONT};color:${C.muted};font-size:14px;margin-top:4px">${escapeHtml(heading)}</div>` +
        `</td></tr>` +
        rendered.map((r) => r.html).join('') +
        mineHtml +
        `<tr><td class="pb-pad" style="padding:18px 24px;border-top:1px solid ${C.rule}">` +
        `<div class="pb-muted" style="${FONT};color:${C.muted};font-size:12px;line-height:1.6">` +
        `You get this because you subscribed at <a class="pb-link" href="${escapeHtml(opts.publicUrl)}" style="color:${C.link}">${escapeHtml(opts.publicUrl)}</a>. ` +
        `<a class="pb-link" href="${escapeHtml(links.manageUrl)}" style="color:${C.link}">Manage preferences</a> · ` +
        `<a class="pb-link" href="${escapeHtml(links.unsubscribeUrl)}" style="color:${C.link}">Unsubscribe</a>` +
        `</div></td></tr></table></td></tr></table></body></html>`;
      const text =
        `${site}: ${heading}\n\n` +
        rendered.map((r) => r.text).join('\n\n') +
        mineText +
        `\n\n--\nManage preferences: ${links.manageUrl}\nUnsubscribe: ${links.unsubscribeUrl}\n`;
      return {
        subject,
        preview,
        html,
        text,
        headers: {
          // RFC 8058 one-click: the https URL receives a POST "List-Unsubscribe=One-Click".
          'List-Unsubscribe': `<${links.unsubscribeUrl}>, <${links.unsubscribeMailto}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'List-Id': `${site} ${opts.period} digest <${opts.period}.digest.${host}>`,
          Precedence: 'bulk',
        },
      };
    },
  };
}

export type DigestRenderer = ReturnType<typeof createDigestRenderer>;
