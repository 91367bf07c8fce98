// The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.
import { forYouPaths } from './openapi-for-you.ts';

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const json = (description: string, schema: object, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema } },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string, description: string, schema: object, required = false, where = 'query') => ({ name, in: where, required, description, schema });

const limitParam = (max: number, fallback: number) => param('limit', `Items per page (1–${max}).`, { type: 'integer', minimum: 1, maximum: max, default: fallback });
const idParam = param('id', 'arXiv id, e.g. `2503.12533` or `hep-th/9901001`; a version suffix is ignored.', { type: 'string' }, true, 'path');
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });

const voteOperation = {
  description: 'Needs an API token (`Authorization: Bearer …`) or a session cookie with the X-CSRF-Token header. Idempotent.',
  parameters: [idParam],
  responses: {
    200: json('The paper\'s upvotes now', ref('Vote')),
    401: error('Not signed in'),
    403: error('Not allowed (banned, or a CSRF failure)'),
    404: error('No paper with this id'),
    429: error('Too many votes; see Retry-After'),
  },
};

export function openApiDocument(publicUrl: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Paperboy API',
      version: '1',
      description:
        'Trending research papers, Daily Papers listings, search and votes. `/api/daily_papers`, `/api/papers/{id}` and `/api/papers/search` answer in the shapes of Hugging Face\'s endpoints of the same names, so `huggingface_hub` (`HfApi(endpoint=…)`) works unchanged; `/api/search` is the richer search. Agents can use the same data as MCP tools at `/mcp`. Every GET allows any origin (CORS), carries a weak ETag (send If-None-Match to get 304) and Cache-Control. Errors are `{"error": "..."}` with a 4xx/5xx status.',
    },
    servers: [{ url: publicUrl }],
    paths: {
      ...forYouPaths,
      '/api/daily_papers': {
        get: {
          summary: 'Papers featured on a day, ISO week or month',
          description: 'Give at most one of date, week, month; with none, the latest day that has papers. Pages are 0-based; while more follow, a `Link: <…>; rel="next"` header points to the next one.',
          parameters: [
            param('date', 'Day, YYYY-MM-DD.', { type: 'string', format: 'date' }),
            param('week', 'ISO week, YYYY-Www (e.g. 2025-W52).', { type: 'string', pattern: '^\\d{4}-W\\d{2}$' }),
            param('month', 'Month, YYYY-MM.', { type: 'string', pattern: '^\\d{4}-\\d{2}$' }),
            param('sort', 'trending (interim: upvotes, most first) or publishedAt (newest first).', { enum: ['trending', 'publishedAt'], default: 'trending' }),
            param('submitter', 'Only papers this user submitted (a handle); without date/week/month, from every day.', { type: 'string', pattern: '^[A-Za-z0-9._-]{1,96}$' }),
            param('p', '0-based page number.', { type: 'integer', minimum: 0, default: 0 }),
            limitParam(100, 50),
          ],
          responses: {
            200: json('Featured papers', { type: 'array', items: ref('DailyItem') }, {
              Link: { description: 'URL of the next page, rel="next"', schema: { type: 'string' } },
              'X-Total-Count': { description: 'Papers in the whole period', schema: { type: 'integer' } },
            }),
            304: { description: 'Not modified (If-None-Match matched the ETag)' },
            400: error('A bad date/week/month, sort, submitter, p or limit; the message names it'),
          },
        },
      },
      '/api/papers/trending': {
        get: {
          summary: 'Trending papers of a window, each with its score, the terms of the formula and an explanation',
          parameters: [
            param('window', 'day, week or month.', { enum: ['day', 'week', 'month'], default: 'week' }),
            limitParam(100, 20),
            param('at', 'Rank as of the end of this day (YYYY-MM-DD, UTC); default now, or the latest day with activity when nothing is recent.', { type: 'string', format: 'date' }),
            param('category', 'Only papers of this arXiv category, e.g. cs.CL.', { type: 'string' }),
          ],
          responses: { 200: json('The trending list', ref('TrendingList')), 400: error('A bad window, limit, at or category') },
        },
      },
      '/api/papers/search': {
        get: {
          summary: 'Search papers, answered as Hugging Face does: a JSON array of daily_papers items, best match first',
          description: 'What `huggingface_hub`\'s `list_papers(query=, limit=)` reads. Hybrid ranking over the whole catalog; without q, the latest featured day\'s papers. For modes, filters, sorts, totals and snippets use /api/search.',
          parameters: [param('q', 'Query text.', { type: 'string' }), limitParam(100, 50)],
          responses: { 200: json('Matching papers, best first', { type: 'array', items: ref('DailyItem') }), 400: error('A bad limit') },
        },
      },
      '/api/search': {
        get: {
          summary: 'Search papers by keywords and meaning (BM25 and embeddings, fused), with filters, sorts, totals and snippets',
          parameters: [
            param('q', 'Query text; `"quoted phrases"`, `-excluded` words, `author:"Name"`; an arXiv id, arXiv/Hugging Face/alphaXiv URL or DOI names one paper.', { type: 'string' }, true),
            limitParam(100, 20),
            param('p', '0-based page number (or give offset).', { type: 'integer', minimum: 0, default: 0 }),
            param('offset', 'Results to skip.', { type: 'integer', minimum: 0, maximum: 1000 }),
            param('mode', 'keyword (words, the default), hybrid (words and meaning) or semantic (meaning).', { enum: ['hybrid', 'keyword', 'semantic'], default: 'keyword' }),
            param('sort', 'relevance, date or trending.', { enum: ['relevance', 'date', 'trending'], default: 'relevance' }),
            param('from', 'Published on or after, YYYY-MM-DD.', { type: 'string', format: 'date' }),
            param('to', 'Published on or before, YYYY-MM-DD.', { type: 'string', format: 'date' }),
            param('category', 'arXiv category, e.g. cs.CL; repeat or comma-separate for several.', { type: 'string' }),
            param('has_code', '1 for papers with a code repository only.', { enum: ['0', '1', 'true', 'false'] }),
            param('min_stars', 'Least GitHub stars of the code.', { type: 'integer', minimum: 0 }),
          ],
          responses: { 200: json('Matching papers, best first', ref('SearchResults')), 400: error('A bad parameter; the message names it') },
        },
      },
      '/api/search/suggest': {
        get: {
          summary: 'Typeahead: papers completing a partly typed query (the last word as a prefix)',
          parameters: [param('q', 'What has been typed so far.', { type: 'string' }, true), limitParam(20, 8)],
          responses: {
            200: json('Suggestions, best first', {
              type: 'object',
              required: ['query', 'suggestions'],
              properties: {
                query: { type: 'string' },
                suggestions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'title', 'authors', 'publishedAt'],
                    properties: {
                      id: { type: 'string' },
                      title: { type: 'string' },
                      authors: { type: 'array', items: { type: 'string' }, description: 'the first three' },
                      publishedAt: nullable('string', { format: 'date-time' }),
                    },
                  },
                },
              },
            }),
            400: error('A bad parameter; the message names it'),
          },
        },
      },
      '/api/papers/{id}': {
        get: {
          summary: 'One paper with everything known about it, in Hugging Face\'s shape plus fields of our own',
          description: 'What `huggingface_hub`\'s `paper_info(id)` reads. Hidden papers are 404.',
          parameters: [idParam],
          responses: { 200: json('The paper', ref('Paper')), 404: error('No paper with this id') },
        },
      },
      '/api/papers/{id}/similar': {
        get: {
          summary: 'Papers similar to one',
          parameters: [idParam, limitParam(50, 10)],
          responses: {
            200: json('Similar papers, most similar first', { type: 'object', required: ['id', 'papers'], properties: { id: { type: 'string' }, papers: { type: 'array', items: ref('SearchHit') } } }),
            404: error('No paper with this id'),
          },
        },
      },
      '/api/papers/{id}/upvote': {
        post: { summary: 'Upvote a paper as the signed-in member', ...voteOperation },
        delete: { summary: 'Withdraw the signed-in member\'s upvote', ...voteOperation },
      },
      '/api/papers/submit': {
        post: {
          summary: 'Submit an arXiv paper to a day of Daily Papers',
          description: 'Needs an API token (`Authorization: Bearer …`) or a session cookie with the X-CSRF-Token header.',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'arXiv id or URL' }, day: { type: 'string', format: 'date' } } } } },
          },
          responses: {
            201: json('Submitted', { type: 'object', required: ['id', 'featuredOn', 'submittedBy'], properties: { id: { type: 'string' }, featuredOn: { type: 'string', format: 'date' }, submittedBy: { type: 'string' } } }),
            400: error('Not an arXiv id, or a bad day'),
            401: error('Not signed in'),
            403: error('Not allowed (banned, or a CSRF failure)'),
            404: error('The paper is not in the catalog'),
            429: error('Too many submissions; see Retry-After'),
          },
        },
      },
      '/api/subscriptions': {
        post: {
          summary: 'Subscribe an address to the email digest',
          description:
            'The answer is the same for every well-formed request, so it reveals nothing about who subscribes; a confirmation mail follows and nothing is sent until its link is used. No sign-in needed; rate-limited per client.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['email'],
                  properties: {
                    email: { type: 'string', format: 'email' },
                    frequency: { enum: ['daily', 'weekly'], default: 'daily' },
                    weekday: { type: 'integer', minimum: 0, maximum: 6, description: 'Weekly digests: 0 = Sunday … 6 = Saturday.' },
                    topics: {
                      type: 'object',
                      properties: {
                        categories: { type: 'array', items: { type: 'string' }, description: 'arXiv categories such as cs.CL' },
                        keywords: { type: 'array', items: { type: 'string' } },
                        query: nullable('string', { description: 'A saved search' }),
                      },
                    },
                  },
                },
              },
            },
          },
          responses: {
            202: json('Accepted: a confirmation mail is on its way if the address can receive mail', { type: 'object', required: ['status', 'message'], properties: { status: { const: 'accepted' }, message: { type: 'string' } } }),
            400: error('Not JSON, or a bad email, frequency, weekday or topics; the message names it'),
            429: error('Too many subscription requests; see Retry-After'),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          responses: { 200: json('The OpenAPI 3.1 description of the API', { type: 'object' }) },
        },
      },
    },
    components: {
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
        HfAccount: {
          type: 'object',
          description: 'A Hugging Face account, or a member of this site (then without _id and avatarUrl). The handle is `name` in an item\'s submittedBy and `user` elsewhere, as on Hugging Face.',
          required: ['fullname', 'type'],
          properties: {
            _id: { type: 'string' },
            avatarUrl: { type: 'string', format: 'uri' },
            fullname: { type: 'string' },
            name: { type: 'string' },
            user: { type: 'string' },
            type: { type: 'string' },
          },
        },
        HfOrganization: {
          type: 'object',
          required: ['name', 'fullname'],
          properties: { _id: { type: 'string' }, name: { type: 'string' }, fullname: { type: 'string' }, avatar: { type: 'string', format: 'uri' } },
        },
        HfPaper: {
          type: 'object',
          required: ['id', 'authors', 'publishedAt', 'submittedOnDailyAt', 'title', 'summary', 'upvotes', 'githubRepo', 'githubStars', 'projectPage', 'ai_summary', 'ai_keywords'],
          properties: {
            id: { type: 'string' },
            authors: {
              type: 'array',
              items: { type: 'object', required: ['name', 'hidden'], properties: { name: { type: 'string' }, hidden: { type: 'boolean' }, user: ref('HfAccount') } },
            },
            publishedAt: nullable('string', { format: 'date-time' }),
            submittedOnDailyAt: nullable('string', { format: 'date-time', description: 'When it was featured; null if never.' }),
            title: { type: 'string' },
            submittedOnDailyBy: ref('HfAccount'),
            summary: { type: 'string', description: 'The abstract, plain text (may contain TeX).' },
            upvotes: { type: 'integer', description: 'Hugging Face\'s upvotes plus this site\'s members\'.' },
            githubRepo: nullable('string', { format: 'uri', description: 'http(s) only' }),
            githubStars: nullable('integer'),
            projectPage: nullable('string', { format: 'uri', description: 'http(s) only' }),
            ai_summary: nullable('string'),
            ai_keywords: { type: 'array', items: { type: 'string' } },
            organization: ref('HfOrganization'),
          },
        },
        DailyItem: {
          type: 'object',
          required: ['paper', 'publishedAt', 'title', 'summary', 'numComments', 'submittedBy'],
          properties: {
            paper: ref('HfPaper'),
            publishedAt: nullable('string', { format: 'date-time' }),
            title: { type: 'string' },
            summary: { type: 'string' },
            numComments: { type: 'integer' },
            submittedBy: { oneOf: [{ type: 'null' }, ref('HfAccount')] },
            organization: ref('HfOrganization'),
          },
        },
        TrendingList: {
          type: 'object',
          required: ['window', 'asOf', 'from', 'total', 'papers'],
          properties: {
            window: { enum: ['day', 'week', 'month'] },
            category: { type: 'string', description: 'Present when the list was asked for one category.' },
            asOf: nullable('string', { format: 'date', description: 'Last day of the window.' }),
            from: nullable('string', { format: 'date' }),
            fellBack: { type: 'boolean', description: 'Too little was recent to fill a list, so the window ends at the latest day with enough activity.' },
            total: { type: 'integer' },
            papers: {
              type: 'array',
              items: {
                allOf: [
                  ref('DailyItem'),
                  {
                    type: 'object',
                    properties: {
                      rank: { type: 'integer' },
                      score: { type: 'number' },
                      explanation: { type: 'string', description: 'e.g. "+312 stars this week · 45 upvotes · 3 days old"' },
                      parts: {
                        type: 'object',
                        description: 'Each term of the trending formula (see /about#trending).',
                        properties: {
                          stars: { type: 'integer' }, starDelta: { type: ['integer', 'null'] }, starsTotal: { type: ['integer', 'null'] },
                          hasCode: { type: 'boolean' }, upvotes: { type: 'integer' }, ageMs: { type: 'integer' },
                          starTerm: { type: 'number' }, upvoteTerm: { type: 'number' }, recency: { type: 'number' },
                        },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
        SearchResults: {
          type: 'object',
          required: ['query', 'total', 'papers'],
          properties: {
            query: { type: 'string' },
            mode: { enum: ['hybrid', 'keyword', 'semantic'] },
            sort: { enum: ['relevance', 'date', 'trending'] },
            total: { type: 'integer' },
            offset: { type: 'integer' },
            limit: { type: 'integer' },
            papers: { type: 'array', items: ref('SearchHit') },
            direct: {
              type: 'object',
              description: 'The query named this paper (id, URL, DOI or exact title); it is the first hit.',
              properties: { id: { type: 'string' }, via: { enum: ['id', 'url', 'doi', 'title'] } },
            },
            missingId: { type: 'string', description: 'The query is an arXiv id not in the catalog (submit it to fetch it).' },
            correctedQuery: { type: 'string', description: 'Unknown words were searched as their closest known spelling.' },
            noMatch: { type: 'boolean', description: 'No query word is known and nothing is close in meaning.' },
          },
        },
        SearchHit: {
          type: 'object',
          required: ['id', 'title', 'score'],
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            score: { type: 'number' },
            snippet: { type: 'string', description: 'HTML-escaped excerpt around the matched words, which are wrapped in <mark>.' },
            authors: { type: 'array', items: { type: 'string' } },
            categories: { type: 'array', items: { type: 'string' } },
            publishedAt: nullable('string', { format: 'date-time' }),
            upvotes: { type: 'integer' },
            githubStars: nullable('integer'),
            hasCode: { type: 'boolean' },
          },
        },
        Vote: {
          type: 'object',
          required: ['id', 'upvotes', 'upvoted'],
          properties: { id: { type: 'string' }, upvotes: { type: 'integer' }, upvoted: { type: 'boolean' } },
        },
        Paper: {
          allOf: [
            ref('HfPaper'),
            {
              type: 'object',
              description: 'Fields of our own, under names Hugging Face does not use.',
              properties: {
                numComments: { type: 'integer' },
                featuredOn: nullable('string', { format: 'date' }),
                communityUpvotes: { type: 'integer', description: 'Upvotes by this site\'s members (included in upvotes).' },
                version: { type: 'integer' },
                versions: { type: 'array', items: { type: 'object', properties: { version: { type: 'integer' }, date: nullable('integer', { description: 'epoch ms' }) } } },
                categories: { type: 'array', items: { type: 'string' } },
                primaryCategory: nullable('string'),
                arxivComments: nullable('string', { description: 'arXiv\'s comments field (pages, venue).' }),
                journalRef: nullable('string'),
                doi: nullable('string'),
                license: nullable('string'),
                updatedAt: nullable('string', { format: 'date-time' }),
                codeUrls: { type: 'array', items: { type: 'string', format: 'uri' } },
                projectUrls: { type: 'array', items: { type: 'string', format: 'uri' } },
                source: { type: 'string', description: 'The most authoritative source of the record.' },
              },
            },
          ],
        },
      },
    },
  };
}
