// The MCP server through the SDK's own client: over Streamable HTTP at /mcp on a demo server, and
// over stdio from `bin/paperboy mcp`, on SQLite and PostgreSQL. Tools answer the same papers as
// the JSON API; bad arguments come back as tool errors that say what to fix.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { testDatabases } from '../helpers/db.ts';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const TOOLS = ['daily_papers', 'get_paper', 'search_papers', 'similar_papers', 'trending_papers'];

type Structured = Record<string, any>;

for (const database of testDatabases()) {
  describe(`MCP tools on ${database.name}`, () => {
    let server: DemoServer;
    let client: Client;
    const api = async (path: string) => (await fetch(server.url + path)).json();
    const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    const ok = async (name: string, args: Record<string, unknown>) => {
      const r = await call(name, args);
      assert.ok(!r.isError, `${name} ${JSON.stringify(args)} failed: ${text(r)}`);
      return { data: r.structuredContent as Structured, text: text(r) };
    };
    const fails = async (name: string, args: Record<string, unknown>, message: RegExp) => {
      const r = await call(name, args);
      assert.equal(r.isError, true, `${name} ${JSON.stringify(args)} should be a tool error`);
      assert.match(text(r), message, `${name} ${JSON.stringify(args)}`);
      assert.doesNotMatch(text(r), /\n\s+at /, 'no stack trace');
    };

    before(async () => {
      server = await startDemoServer(database);
      client = new Client({ name: 'paperboy-test', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    });
    after(async () => {
      await client?.close();
      await server?.close();
    });

    it('lists the five read-only tools, each with an input schema', async () => {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
      for (const t of tools) {
        assert.equal(t.inputSchema.type, 'object', t.name);
        assert.equal(t.annotations?.readOnlyHint, true, t.name);
        assert.ok(t.description && t.description.length > 20, t.name);
      }
    });

    it('search_papers finds what /api/search finds, with filters; bad arguments are tool errors', async () => {
      const { data, text: body } = await ok('search_papers', { query: 'scribble editing', limit: 3 });
      const rich = await api('/api/search?q=scribble+editing&limit=3');
      assert.deepEqual(data.papers.map((p: Structured) => p.id), rich.papers.map((p: Structured) => p.id));
      assert.equal(data.papers[0].id, '2512.22525');
      assert.match(body, /DreamOmni3: Scribble-based Editing and Generation \(2512\.22525\)/);
      assert.match(body, /\*\*scribble\*\*/i, 'matched words in bold');
      assert.doesNotMatch(body, /<mark>|&amp;|&#39;/, 'readable text, not HTML');
      const filtered = await ok('search_papers', { query: 'video', categories: ['cs.CV'], has_code: true, sort: 'date', mode: 'keyword', limit: 5 });
      const viaApi = await api('/api/search?q=video&category=cs.CV&has_code=1&sort=date&mode=keyword&limit=5');
      assert.ok(viaApi.papers.length > 0);
      assert.deepEqual(filtered.data.papers.map((p: Structured) => p.id), viaApi.papers.map((p: Structured) => p.id));
      await fails('search_papers', { query: '' }, /query must not be empty/);
      await fails('search_papers', { query: 'x', from: '2025-02-30' }, /from must be a date as YYYY-MM-DD, got "2025-02-30"/);
      await fails('search_papers', { query: 'x', limit: 500 }, /limit/);
      await fails('search_papers', { query: 'x', categories: ['<b>'] }, /category must look like cs.CL/);
      await fails('search_papers', { limit: 3 }, /query/);
    });

    it('get_paper gives the paper of /api/papers/{id} with links, trending reason and BibTeX; unknown ids are tool errors', async () => {
      const { data, text: body } = await ok('get_paper', { id: '2512.17504' });
      const viaApi = await api('/api/papers/2512.17504');
      assert.equal(data.title, viaApi.title);
      assert.deepEqual(data.authors, viaApi.authors);
      assert.equal(data.upvotes, viaApi.upvotes);
      assert.equal(data.links.arxiv, 'https://arxiv.org/abs/2512.17504');
      assert.deepEqual(data.links.code, ['https://github.com/myyzzzoooo/InsertAnywhere']);
      assert.match(data.bibtex, /^@misc\{jin2025insertanywhere,/);
      assert.match(data.abstract, /object insertion/i);
      assert.ok(data.trending === null || typeof data.trending.explanation === 'string');
      assert.match(body, /^InsertAnywhere: Bridging 4D Scene Geometry/);
      assert.match(body, /@misc\{/);
      assert.equal((await ok('get_paper', { id: '2512.17504v2' })).data.id, '2512.17504', 'a version suffix is ignored');
      await fails('get_paper', { id: '2401.00000' }, /no paper with id "2401.00000"/);
      await fails('get_paper', {}, /id/);
      await fails('get_paper', { id: 42 }, /id/);
    });

    it('trending_papers ranks like /api/papers/trending, as of a day and within a category', async () => {
      const { data, text: body } = await ok('trending_papers', { window: 'week', limit: 3 });
      const viaApi = await api('/api/papers/trending?window=week&limit=3');
      assert.deepEqual(data.papers.map((p: Structured) => p.paper.id), viaApi.papers.map((p: Structured) => p.paper.id));
      assert.equal(data.papers[0].explanation, viaApi.papers[0].explanation);
      assert.ok(body.includes(viaApi.papers[0].explanation));
      const past = await ok('trending_papers', { window: 'day', at: '2025-12-29' });
      assert.equal(past.data.asOf, '2025-12-29');
      const inCategory = await ok('trending_papers', { window: 'month', category: 'cs.CV', limit: 5 });
      const cvApi = await api('/api/papers/trending?window=month&category=cs.CV&limit=5');
      assert.ok(cvApi.papers.length > 0);
      assert.deepEqual(inCategory.data.papers.map((p: Structured) => p.paper.id), cvApi.papers.map((p: Structured) => p.paper.id));
      await fails('trending_papers', { window: 'year' }, /window/);
      await fails('trending_papers', { at: '2025-13-01' }, /at must be a real day as YYYY-MM-DD/);
      await fails('trending_papers', { category: 'not a category' }, /category must look like cs.CL/);
    });

    it('daily_papers lists a day, a week page and a submitter like /api/daily_papers', async () => {
      const day = await ok('daily_papers', { date: '2025-12-31' });
      const dayApi = await api('/api/daily_papers?date=2025-12-31');
      assert.deepEqual(day.data.papers.map((i: Structured) => i.paper.id), dayApi.map((i: Structured) => i.paper.id));
      assert.equal(day.data.total, 4);
      const week = await ok('daily_papers', { week: '2025-W52', limit: 20, page: 1 });
      const weekApi = await api('/api/daily_papers?week=2025-W52&limit=20&p=1');
      assert.deepEqual(week.data.papers.map((i: Structured) => i.paper.id), weekApi.map((i: Structured) => i.paper.id));
      const mine = await ok('daily_papers', { submitter: 'CheeryLJH', limit: 100 });
      assert.ok(mine.data.papers.length > 1);
      for (const i of mine.data.papers) assert.equal(i.submittedBy.name, 'CheeryLJH');
      assert.match(day.text, /^4 featured papers/);
      await fails('daily_papers', { date: '2025-12-31', week: '2025-W52' }, /give only one of date, week, month/);
      await fails('daily_papers', { date: 'tomorrow' }, /date must be a real YYYY-MM-DD/);
      await fails('daily_papers', { sort: 'random' }, /sort/);
    });

    it('similar_papers matches /api/papers/{id}/similar; unknown ids are tool errors', async () => {
      const { data } = await ok('similar_papers', { id: '2512.22525', limit: 3 });
      const viaApi = await api('/api/papers/2512.22525/similar?limit=3');
      assert.equal(data.papers.length, 3);
      assert.deepEqual(data.papers.map((p: Structured) => p.id), viaApi.papers.map((p: Structured) => p.id));
      await fails('similar_papers', { id: '2401.00000' }, /no paper with id "2401.00000"/);
      await fails('similar_papers', { id: '2512.22525', limit: 0 }, /limit/);
    });

    it('an unknown tool is an error; GET is refused; calls are rate-limited like the API', async () => {
      await fails('delete_everything', {}, /not found/);
      const get = await fetch(`${server.url}/mcp`, { headers: { accept: 'text/event-stream' } });
      assert.equal(get.status, 405);
      const list = () =>
        fetch(`${server.url}/mcp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
      let limited: Response | null = null;
      for (let i = 0; i < 100 && !limited; i++) {
        const res = await list();
        if (res.status === 429) limited = res;
        else assert.equal(res.status, 200);
      }
      assert.ok(limited, 'a burst of calls is cut off');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    });

    it('bin/paperboy mcp speaks the same tools over stdio', async () => {
      const stdio = new Client({ name: 'paperboy-test-stdio', version: '1' });
      await stdio.connect(
        new StdioClientTransport({
          command: `${ROOT}bin/paperboy`,
          args: ['mcp'],
          cwd: ROOT,
          env: { ...(process.env as Record<string, string>), DATABASE_URL: server.dbUrl, DEMO_DIR: '' },
          stderr: 'pipe',
        }),
      );
      try {
        assert.deepEqual((await stdio.listTools()).tools.map((t) => t.name).sort(), TOOLS);
        const r = (await stdio.callTool({ name: 'get_paper', arguments: { id: '2512.22525' } })) as CallToolResult;
        assert.equal((r.structuredContent as Structured).title, 'DreamOmni3: Scribble-based Editing and Generation');
        const search = (await stdio.callTool({ name: 'search_papers', arguments: { query: 'scribble editing', limit: 3 } })) as CallToolResult;
        const rich = await api('/api/search?q=scribble+editing&limit=3');
        assert.deepEqual((search.structuredContent as Structured).papers.map((p: Structured) => p.id), rich.papers.map((p: Structured) => p.id));
        const bad = (await stdio.callTool({ name: 'get_paper', arguments: { id: '2401.00000' } })) as CallToolResult;
        assert.equal(bad.isError, true);
      } finally {
        await stdio.close();
      }
    });
  });
}
