// What a researcher types into search, on the shipped demo corpus: model names, arXiv ids and
// URLs, DOIs, exact titles, authors, typos and nonsense; service and HTTP, on both databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { loadConfig } from '../../src/config.ts';
import { loadDemoIfEmpty } from '../../src/ingest/demo.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { createApp } from '../../src/web/app.ts';
import { createSearchService, type SearchService } from '../../src/search/service.ts';

const demoDir = new URL('../../data/demo', import.meta.url).pathname;
const LLADA = '2512.15745';
const QWEN3_VL = '2511.21631';
const YUME = '2512.22096';
/** A paper with a journal DOI, added beside the demo corpus (whose records carry none). */
const WITH_DOI = paperInput({
  id: '2401.09999',
  title: 'Sparse retrieval with learned term weights',
  abstract: 'Term weights learned by a transformer make inverted indexes competitive again.',
  authors: ['Ada Lovelace', 'Yann LeCun'],
  doi: '10.1145/3404835.3463098',
  publishedAt: Date.parse('2024-01-20'),
});

for (const database of testDatabases()) {
  describe(`researcher queries on the demo corpus (${database.name})`, () => {
    let t: OpenedTestDb;
    let search: SearchService;
    let app: ReturnType<typeof createApp>;
    const ids = async (q: string, limit = 5, mode?: 'keyword' | 'hybrid') => (await search.search({ q, limit, mode })).hits.map((h) => h.id);

    before(async () => {
      t = await database.open();
      const config = loadConfig({ DEMO_DIR: demoDir, PUBLIC_URL: 'https://p.example' });
      assert.ok(await loadDemoIfEmpty(t.db, config));
      await upsertPapers(t.db, [WITH_DOI]);
      search = createSearchService(t.db, { refreshMs: -1 });
      app = createApp({ db: t.db, config, search });
    });
    after(async () => t?.close());

    it('finds LLaDA2.0 first for `llada` (the name inside a versioned name)', async () => {
      assert.equal((await ids('llada'))[0], LLADA);
      assert.equal((await ids('llada', 5, 'hybrid'))[0], LLADA);
      assert.equal((await ids('LLaDA2.0'))[0], LLADA);
      assert.equal((await ids('llada2.0 diffusion'))[0], LLADA);
    });

    it('finds the Qwen3-VL report first however the name is written', async () => {
      for (const q of ['qwen3 vl', 'Qwen3-VL', 'qwen3-vl', 'qwen3vl', 'QWEN3 VL technical report']) {
        assert.equal((await ids(q))[0], QWEN3_VL, q);
        assert.equal((await ids(q, 5, 'hybrid'))[0], QWEN3_VL, `${q} (hybrid)`);
      }
    });

    it('answers an arXiv id, with or without version, with that paper alone', async () => {
      for (const q of [YUME, `${YUME}v2`, `arXiv:${YUME}`, ` ${YUME} `]) {
        const r = await search.search({ q });
        assert.deepEqual(r.hits.map((h) => h.id), [YUME], q);
        assert.equal(r.direct?.via, 'id', q);
      }
    });

    it('answers arXiv, Hugging Face and alphaXiv URLs of a paper with that paper', async () => {
      for (const q of [
        `https://arxiv.org/abs/${LLADA}`,
        `https://arxiv.org/pdf/${LLADA}v1`,
        `https://arxiv.org/pdf/${LLADA}.pdf`,
        `https://huggingface.co/papers/${LLADA}`,
        `https://www.alphaxiv.org/abs/${LLADA}`,
        `https://www.alphaxiv.org/overview/${LLADA}v2`,
      ]) {
        const r = await search.search({ q });
        assert.deepEqual(r.hits.map((h) => h.id), [LLADA], q);
        assert.equal(r.direct?.via, 'url', q);
      }
    });

    it('answers a DOI (journal or arXiv DataCite) with its paper', async () => {
      for (const q of ['10.1145/3404835.3463098', 'https://doi.org/10.1145/3404835.3463098', 'doi:10.1145/3404835.3463098']) {
        const r = await search.search({ q });
        assert.deepEqual(r.hits.map((h) => h.id), [WITH_DOI.id], q);
        assert.equal(r.direct?.via, 'doi');
      }
      assert.deepEqual(await ids(`10.48550/arXiv.${YUME}`), [YUME]);
      const unknown = await search.search({ q: '10.9999/nothing.here' });
      assert.equal(unknown.hits.length, 0);
      assert.equal(unknown.noMatch, true);
    });

    it('offers to fetch an arXiv id the catalog does not have instead of unrelated papers', async () => {
      for (const q of ['2601.99999', 'https://arxiv.org/abs/2601.99999v3']) {
        const r = await search.search({ q });
        assert.equal(r.hits.length, 0, q);
        assert.equal(r.missingId, '2601.99999', q);
      }
    });

    it('puts a paper first when the query is its exact title', async () => {
      const r = await search.search({ q: 'Yume-1.5: a text-controlled interactive world generation model', limit: 5 });
      assert.equal(r.hits[0].id, YUME);
      assert.equal(r.direct?.via, 'title');
      assert.ok(r.hits.length > 1, 'other matches follow the exact title');
    });

    it('answers nonsense with no papers, and corrects a misspelt word', async () => {
      const none = await search.search({ q: 'zzqxqy' });
      assert.deepEqual([none.hits.length, none.total, none.noMatch], [0, 0, true]);
      for (const mode of ['keyword', 'hybrid', 'semantic'] as const) assert.equal((await search.search({ q: 'zzqxqy', mode })).noMatch, true, mode);
      const typo = await search.search({ q: 'difusion', limit: 5 });
      assert.equal(typo.correctedQuery, 'diffusion');
      assert.ok(typo.hits.length === 5 && typo.hits.every((h) => /diffusion/i.test(`${h.title} ${h.paper.abstract}`)));
      const two = await search.search({ q: 'langauge modles' });
      assert.equal(two.correctedQuery, 'language models');
      // Known words are never "corrected", and a word with no near neighbour is left alone.
      assert.equal((await search.search({ q: 'diffusion' })).correctedQuery, undefined);
    });

    it('restricts to an author with author:"…" and ranks a full author name first', async () => {
      const r = await search.search({ q: 'author:"Shuai Bai"', limit: 20 });
      assert.deepEqual(r.hits.map((h) => h.id).sort(), ['2510.23095', '2511.20347', QWEN3_VL]);
      const within = await search.search({ q: 'author:"shuai bai" vision language', limit: 20 });
      assert.ok(within.hits.length >= 1 && within.hits.every((h) => h.paper.authors.includes('Shuai Bai')));
      assert.equal((await search.search({ q: 'author:"Nobody Here" vision' })).hits.length, 0);
      const plain = await search.search({ q: 'Shuai Bai', limit: 3 });
      assert.ok(plain.hits.every((h) => h.paper.authors.includes('Shuai Bai')), 'the author\'s papers come first');
    });

    it('lists an author\'s papers newest first, in pages', async () => {
      const all = await search.listAuthorPapers('pengfei wan', 100, 0);
      assert.ok(all && all.total >= 20);
      assert.equal(all.name, 'Pengfei Wan');
      const dates = all.papers.map((p) => p.publishedAt ?? 0);
      assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
      const p1 = await search.listAuthorPapers('Pengfei Wan', 10, 0);
      const p2 = await search.listAuthorPapers('Pengfei Wan', 10, 10);
      assert.deepEqual([...p1!.papers, ...p2!.papers].map((p) => p.id), all.papers.slice(0, 20).map((p) => p.id));
      assert.equal(await search.listAuthorPapers('Nobody Here', 10, 0), null);
    });

    it('completes a partly typed query (typeahead)', async () => {
      assert.equal((await search.suggest('llad'))[0]?.id, LLADA);
      assert.equal((await search.suggest('qwen3 v'))[0]?.id, QWEN3_VL);
      assert.deepEqual(await search.suggest('zzqx'), []);
      const body = await (await app.request('/api/search/suggest?q=llad&limit=3')).json();
      assert.equal(body.suggestions[0].id, LLADA);
      assert.ok(body.suggestions.length <= 3);
      assert.equal((await app.request('/api/search/suggest?q=x&limit=0')).status, 400);
    });

    it('suggests diffusion language model papers for `diffusion lang`, however far the last word is typed', async () => {
      // Typed past its stem (`language` indexes as `languag`) the last word must still find them,
      // and `lang` must mean language before the rarer Langevin.
      for (const q of ['diffusion lang', 'diffusion langu', 'diffusion language', 'Diffusion Languages']) {
        const titles = (await search.suggest(q, 5)).map((s) => s.title);
        assert.equal(titles.length, 5, `${q}: ${titles.join(' | ')}`);
        for (const title of titles.slice(0, 3)) assert.match(title, /diffusion.*language|language.*diffusion/i, `${q}: ${titles.join(' | ')}`);
      }
      const body = await (await app.request('/api/search/suggest?q=diffusion%20lang&limit=2')).json();
      assert.equal(body.suggestions.length, 2);
      for (const s of body.suggestions) {
        assert.ok(s.authors.length >= 1 && s.authors.length <= 3, 'the first authors, for the list to show');
        assert.match(s.publishedAt, /^\d{4}-\d\d-\d\dT/);
      }
    });

    it('/search redirects to the paper for an id or URL, and says what it made of other queries', async () => {
      const go = await app.request(`/search?q=${encodeURIComponent(`https://huggingface.co/papers/${LLADA}`)}`);
      assert.equal(go.status, 302);
      assert.equal(go.headers.get('location'), `/papers/${LLADA}`);
      assert.equal((await app.request(`/search?q=${YUME}`)).headers.get('location'), `/papers/${YUME}`);
      const nonsense = await (await app.request('/search?q=zzqxqy')).text();
      assert.match(nonsense, /No papers match/);
      assert.doesNotMatch(nonsense, /class="paper-row"/);
      const typo = await (await app.request('/search?q=difusion')).text();
      assert.match(typo, /Showing results for <a href="\/search\?q=diffusion">diffusion<\/a>/);
      const missing = await (await app.request('/search?q=2601.99999')).text();
      assert.match(missing, /2601\.99999<\/strong> is not in the catalog/);
      assert.match(missing, /<form method="post" action="\/submit">[\s\S]*name="paper" value="2601.99999"/);
    });

    it('serves an author page with paging and feeds, linked from paper pages and rows', async () => {
      const res = await app.request('/authors/Shuai%20Bai');
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /<h1>Shuai Bai<\/h1>/);
      assert.match(html, new RegExp(`href="/papers/${QWEN3_VL}"`));
      assert.match(html, /href="\/feeds\/author\/Shuai%20Bai\.rss"/);
      assert.equal((await app.request('/authors/Nobody%20Here')).status, 404);
      const rss = await (await app.request('/feeds/author/Shuai%20Bai.rss')).text();
      assert.match(rss, /<title>Paperboy: papers by Shuai Bai<\/title>/);
      assert.match(rss, /Qwen3-VL Technical Report/);
      const json = await (await app.request('/feeds/author/shuai%20bai.json')).json();
      assert.equal(json.items.length, 3);
      assert.equal((await app.request('/feeds/author/Nobody.rss')).status, 404);
      const paper = await (await app.request(`/papers/${QWEN3_VL}`)).text();
      assert.match(paper, /<a href="\/authors\/Shuai%20Bai">Shuai Bai<\/a>/);
      const results = await (await app.request('/search?q=qwen3-vl')).text();
      assert.match(results, /<a href="\/authors\/Shuai%20Bai">Shuai Bai<\/a>/);
    });

    it('reports what the search understood in the JSON API', async () => {
      const body = await (await app.request(`/api/search?q=${YUME}`)).json();
      assert.deepEqual(body.direct, { id: YUME, via: 'id' });
      const none = await (await app.request('/api/search?q=zzqxqy')).json();
      assert.equal(none.noMatch, true);
      assert.equal(none.papers.length, 0);
      assert.equal((await (await app.request('/api/search?q=2601.99999')).json()).missingId, '2601.99999');
    });
  });
}
