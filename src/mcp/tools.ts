// The Model Context Protocol server: five read-only tools over the same data functions as the
// JSON API (so an agent and a script get the same papers), each answering structured content
// plus readable text. Transports (Streamable HTTP at /mcp, stdio) are in http.ts and cli/mcp.ts.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { Db } from '../db/db.ts';
import type { SearchService } from '../search/service.ts';
import { ParamError, type Query } from '../api/params.ts';
import { searchJson, similarJson } from '../api/search.ts';
import { loadVisiblePaper, paperJson, trendingJson } from '../api/papers.ts';
import { dailyPapersPage } from '../api/daily-papers.ts';
import type { DailyItem } from '../api/hf-shape.ts';
import { getPaperTrendingNow } from '../trending/listing.ts';
import { explainTrending } from '../trending/score.ts';
import { arxivLinks, toBibtex } from '../web/paper-export.ts';

export interface McpDeps {
  db: Db;
  search: SearchService;
  /** Base of the paper page links in answers. */
  publicUrl: string;
  /** Told about failures that are not the caller's fault (the message the caller sees says nothing inside). */
  logError?: (err: unknown) => void;
}

const SERVER_INFO = { name: 'paperboy', version: '1' };
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const DAY = z.string().describe('YYYY-MM-DD');

/** Tool arguments as the text a URL would carry, so the API's parameter checks (and messages) apply unchanged. */
function argsQuery(args: Record<string, unknown>, rename: Record<string, string> = {}): Query {
  const byName = new Map(Object.entries(args).map(([k, v]) => [rename[k] ?? k, v]));
  return (name) => {
    const v = byName.get(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v ? '1' : '0';
    return String(v);
  };
}

function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function answer(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** A search snippet (HTML-escaped, matches in <mark>) as plain text with the matches in **bold**. */
function plainSnippet(html: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return html.replace(/<\/?mark>/g, '**').replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]!);
}

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : 'undated';
}

export function createMcpServer(deps: McpDeps): McpServer {
  const { db, search, publicUrl } = deps;
  const server = new McpServer(SERVER_INFO, {
    instructions:
      'Research papers from arXiv and Hugging Face Daily Papers: search them, read one (abstract, links, BibTeX, why it is trending), list what is trending or featured on a day, week or month, and find similar papers. Paper ids are arXiv ids such as 2512.22525.',
  });
  const pageUrl = (id: string) => new URL(`/papers/${id}`, publicUrl).href;

  /** Runs a tool body; the caller's mistakes come back as tool errors saying what to fix, anything else as a bare "internal error". */
  const guarded = <A>(body: (args: A) => Promise<CallToolResult>) => async (args: A): Promise<CallToolResult> => {
    try {
      return await body(args);
    } catch (err) {
      if (err instanceof ParamError) return toolError(err.message);
      (deps.logError ?? ((e) => console.error('mcp tool failed:', e)))(err);
      return toolError('internal error: the server could not answer this call; it has been logged');
    }
  };

  const itemLine = (item: DailyItem, i: number, extra = '') =>
    `${i + 1}. ${item.title} (${item.paper.id}) · ${day(item.paper.publishedAt)} · ${item.paper.upvotes} upvotes${extra}\n   ${pageUrl(item.paper.id)}`;

  server.registerTool(
    'search_papers',
    {
      title: 'Search papers',
      description:
        'Search papers by keywords and meaning (BM25 and embeddings, fused). Query syntax: "a phrase", +required, -excluded, prefix*. Filters: publication dates, arXiv categories, has code, least GitHub stars.',
      inputSchema: {
        query: z.string().trim().min(1, 'query must not be empty').max(2000).describe('What to look for'),
        mode: z.enum(['hybrid', 'keyword', 'semantic']).optional().describe('Default hybrid'),
        sort: z.enum(['relevance', 'date', 'trending']).optional().describe('Default relevance'),
        from: DAY.optional().describe('Published on or after, YYYY-MM-DD'),
        to: DAY.optional().describe('Published on or before, YYYY-MM-DD'),
        categories: z.array(z.string()).max(20).optional().describe('arXiv categories, e.g. ["cs.CL"]; any of them matches'),
        has_code: z.boolean().optional().describe('Only papers with a code repository'),
        min_stars: z.number().int().min(0).optional().describe('Least GitHub stars of the code'),
        limit: z.number().int().min(1).max(50).optional().describe('Results (default 10)'),
        offset: z.number().int().min(0).max(1000).optional().describe('Results to skip'),
      },
      annotations: { title: 'Search papers', ...READ_ONLY },
    },
    guarded(async (args) => {
      const { categories, ...rest } = args;
      const get = argsQuery({ ...rest, limit: rest.limit ?? 10 }, { query: 'q' });
      const result = await searchJson(search, get, (name) => (name === 'category' ? categories ?? [] : []));
      const lines = result.papers.map(
        (p, i) => `${i + 1}. ${p.title} (${p.id}) · ${day(p.publishedAt)} · ${p.upvotes} upvotes\n   ${pageUrl(p.id)}\n   ${plainSnippet(p.snippet)}`,
      );
      const head = `${result.total} papers match ${JSON.stringify(result.query)} (${result.mode}, by ${result.sort})${lines.length ? ':' : '.'}`;
      return answer(result, [head, ...lines].join('\n'));
    }),
  );

  server.registerTool(
    'get_paper',
    {
      title: 'Get a paper',
      description: 'One paper by arXiv id: title, authors, abstract, dates, upvotes, links (page, arXiv, PDF, code, project), why it is trending this week, and a BibTeX entry.',
      inputSchema: { id: z.string().trim().min(1).max(64).describe('arXiv id, e.g. 2512.22525 (a version suffix is ignored)') },
      annotations: { title: 'Get a paper', ...READ_ONLY },
    },
    guarded(async ({ id }) => {
      const paper = await loadVisiblePaper(db, id);
      if (!paper) return toolError(`no paper with id ${JSON.stringify(id)}: give an arXiv id such as 2512.22525 (search_papers finds ids)`);
      const json = paperJson(paper);
      const standing = await getPaperTrendingNow(db, paper.id, 'week');
      const arxiv = arxivLinks(paper.id);
      const links = { page: pageUrl(paper.id), arxiv: arxiv?.abs ?? null, pdf: arxiv?.pdf ?? null, code: json.codeUrls, project: json.projectUrls };
      const trending = standing ? { window: 'week', score: standing.score, explanation: explainTrending(standing.parts) } : null;
      const bibtex = toBibtex(paper);
      const text = [
        `${paper.title} (${paper.id})`,
        paper.authors.join(', '),
        `Published ${day(json.publishedAt)} · ${json.upvotes} upvotes${paper.categories.length ? ` · ${paper.categories.join(', ')}` : ''}`,
        trending ? `Trending this week: ${trending.explanation}` : 'Not trending this week.',
        `Links: ${[links.page, links.arxiv, links.pdf, ...links.code, ...links.project].filter(Boolean).join(' ')}`,
        '',
        paper.abstract,
        '',
        bibtex,
      ].join('\n');
      return answer({ ...json, abstract: paper.abstract, links, trending, bibtex }, text);
    }),
  );

  server.registerTool(
    'trending_papers',
    {
      title: 'Trending papers',
      description:
        'Papers trending over a day, week or month, each with why (GitHub stars gained, upvotes, age). Ranks as of now, or as of the end of a given day; optionally within one arXiv category.',
      inputSchema: {
        window: z.enum(['day', 'week', 'month']).optional().describe('Default week'),
        category: z.string().optional().describe('arXiv category, e.g. cs.CL'),
        at: DAY.optional().describe('Rank as of the end of this day, YYYY-MM-DD'),
        limit: z.number().int().min(1).max(50).optional().describe('Papers (default 10)'),
      },
      annotations: { title: 'Trending papers', ...READ_ONLY },
    },
    guarded(async (args) => {
      const list = await trendingJson(db, argsQuery({ ...args, limit: args.limit ?? 10 }));
      const lines = list.papers.map((p, i) => itemLine(p, i, `\n   ${p.explanation}`));
      const scope = `${list.window}${list.category ? ` in ${list.category}` : ''}`;
      const head = `Trending this ${scope}, ${list.from} to ${list.asOf}${list.fellBack ? ' (the latest days with activity)' : ''}: ${list.total} papers${lines.length ? ', best first:' : '.'}`;
      return answer(list, [head, ...lines].join('\n'));
    }),
  );

  server.registerTool(
    'daily_papers',
    {
      title: 'Daily papers',
      description:
        'Papers featured on Daily Papers on a day, ISO week or month (at most one; none means the latest day), sorted by upvotes (trending) or publication date, optionally only one submitter\'s. Items are in Hugging Face\'s daily_papers shape.',
      inputSchema: {
        date: DAY.optional().describe('A day, YYYY-MM-DD'),
        week: z.string().optional().describe('An ISO week, YYYY-Www, e.g. 2025-W52'),
        month: z.string().optional().describe('A month, YYYY-MM'),
        sort: z.enum(['trending', 'publishedAt']).optional().describe('Default trending'),
        submitter: z.string().optional().describe('Only papers this user submitted'),
        limit: z.number().int().min(1).max(100).optional().describe('Papers per page (default 20)'),
        page: z.number().int().min(0).optional().describe('0-based page'),
      },
      annotations: { title: 'Daily papers', ...READ_ONLY },
    },
    guarded(async (args) => {
      const page = await dailyPapersPage(db, argsQuery({ ...args, limit: args.limit ?? 20 }, { page: 'p' }), publicUrl);
      const lines = page.items.map((item, i) => itemLine(item, i));
      const head = `${page.total} featured papers${page.items.length ? `; ${page.items.length} here${page.next ? ' (more on the next page)' : ''}:` : '.'}`;
      return answer({ total: page.total, next: page.next, papers: page.items }, [head, ...lines].join('\n'));
    }),
  );

  server.registerTool(
    'similar_papers',
    {
      title: 'Similar papers',
      description: 'Papers most similar to one (by meaning and shared words), most similar first.',
      inputSchema: {
        id: z.string().trim().min(1).max(64).describe('arXiv id, e.g. 2512.22525'),
        limit: z.number().int().min(1).max(50).optional().describe('Papers (default 10)'),
      },
      annotations: { title: 'Similar papers', ...READ_ONLY },
    },
    guarded(async ({ id, limit }) => {
      const result = await similarJson(db, search, id, limit === undefined ? undefined : String(limit));
      if (!result) return toolError(`no paper with id ${JSON.stringify(id)}: give an arXiv id such as 2512.22525 (search_papers finds ids)`);
      const lines = result.papers.map((p, i) => `${i + 1}. ${p.title} (${p.id}) · ${day(p.publishedAt)}\n   ${pageUrl(p.id)}`);
      return answer(result, [`Papers similar to ${result.id}:`, ...lines].join('\n'));
    }),
  );

  return server;
}
