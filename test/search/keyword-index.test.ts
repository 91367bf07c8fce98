// The BM25 index: MaxScore returns exactly the exhaustive top-k, and query operators behave.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeywordIndex, gallop } from '../../src/search/keyword-index.ts';
import { parseQuery } from '../../src/search/query-parser.ts';
import { CHAMPIONS, championTopK, listChampions } from '../../src/search/champion-top-k.ts';
import { seededRandom } from '../../src/search/linalg.ts';

const WORDS = 'graph neural network attention transformer diffusion model image text robot policy reward language token retrieval search index vector sparse dense'.split(' ');

function randomCorpus(n: number, seed: number): { title: string; body: string }[] {
  const rand = seededRandom(seed);
  const pick = (k: number) => Array.from({ length: k }, () => WORDS[Math.floor(rand() ** 1.5 * WORDS.length)]).join(' ');
  return Array.from({ length: n }, () => ({ title: pick(3 + Math.floor(rand() * 5)), body: pick(10 + Math.floor(rand() * 60)) }));
}

/** Plain BM25 over every document, for comparison. */
function exhaustive(idx: KeywordIndex, query: string, k: number, accept: (d: number) => boolean = () => true) {
  const q = parseQuery(query);
  const scores = new Map<number, number>();
  const k1p1 = idx.params.k1 + 1;
  for (const t of q.should) {
    const id = idx.termIds.get(t);
    if (id === undefined) continue;
    for (let p = idx.offsets[id]; p < idx.offsets[id + 1]; p++) {
      const d = idx.postDocs[p];
      if (!accept(d)) continue;
      const tf = idx.postTfs[p];
      scores.set(d, (scores.get(d) ?? 0) + (idx.idf(id) * k1p1 * tf) / (tf + idx.norm[d]));
    }
  }
  return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
}

describe('keyword index', () => {
  const corpus = randomCorpus(3000, 42);
  const idx = new KeywordIndex({ k1: 0.9, b: 0.4, titleWeight: 2 });
  corpus.forEach((d, i) => idx.add(i, d.title, d.body));
  idx.commit();

  for (const query of ['graph', 'graph neural network', 'sparse dense retrieval vector', 'diffusion diffusion robot', 'search index token language model policy']) {
    it(`MaxScore equals exhaustive BM25 for "${query}"`, () => {
      for (const k of [1, 10, 100]) {
        const got = idx.search(parseQuery(query), k, () => true);
        const want = exhaustive(idx, query, k);
        assert.equal(got.length, want.length);
        got.forEach((h, i) => {
          assert.ok(Math.abs(h.score - want[i][1]) < 1e-4, `rank ${i}: ${h.score} vs ${want[i][1]}`);
        });
      }
    });
  }

  describe('over a corpus spanning many scoring windows (4,096 docs each)', () => {
    // 20k docs, numbered with gaps (every 7th number unused), so windows start mid-stream.
    const big = new KeywordIndex({ k1: 1.2, b: 0.75, titleWeight: 2 });
    randomCorpus(20_000, 7).forEach((d, i) => big.add(i + Math.floor(i / 6), d.title, d.body));
    big.commit();
    const cases: [string, number, ((d: number) => boolean) | undefined][] = [
      ['robot', 10, undefined],
      ['graph neural network attention transformer diffusion model image text', 10, undefined],
      ['graph neural network attention transformer diffusion model image text', 1000, undefined],
      ['sparse dense retrieval vector search index token', 100, (d) => d % 3 === 0],
      ['policy reward robot language', 1, undefined],
      ['policy reward robot language', 5000, (d) => d > 15_000],
    ];
    for (const [query, k, accept] of cases) {
      it(`equals exhaustive BM25: "${query.slice(0, 40)}" top ${k}${accept ? ', filtered' : ''}`, () => {
        const got = big.search(parseQuery(query), k, accept ?? (() => true));
        const want = exhaustive(big, query, k, accept);
        assert.equal(got.length, want.length);
        got.forEach((h, i) => {
          assert.ok(Math.abs(h.score - want[i][1]) < 1e-6, `rank ${i}: ${h.score} vs ${want[i][1]}`);
          // The same document, unless two documents tie to within summation rounding.
          if (h.doc !== want[i][0]) assert.ok(Math.abs(h.score - want[i][1]) < 1e-9, `rank ${i}: doc ${h.doc} vs ${want[i][0]}`);
        });
        // The scratch accumulator is left clean: the same search again gives the same answer.
        assert.deepEqual(big.search(parseQuery(query), k, accept ?? (() => true)), got);
      });
    }

    it('typeahead over many postings: one word\'s champions are its exact top k; several words score exactly what they find', () => {
      // 'robot' alone: the champions are that term's best documents, so the answer is exact.
      const champions = listChampions(big.offsets, big.postDocs, big.postTfs, big.norm);
      const id = big.termIds.get('robot')!;
      const w = big.idf(id) * (big.params.k1 + 1);
      const term = { start: big.offsets[id], end: big.offsets[id + 1], w, ub: w, champions: champions.docs.subarray(champions.start[id], champions.start[id + 1]) };
      assert.equal(term.champions.length, CHAMPIONS);
      const one = championTopK({ docs: big.postDocs, tfs: big.postTfs, norm: big.norm }, [term], [], [], 10, () => true);
      assert.deepEqual(one.map((h) => h.doc), exhaustive(big, 'robot', 10).map(([d]) => d));
      // Many common words read far more postings than an exact typeahead may: found from the
      // champions, each with its true BM25 score, best first.
      const many = 'graph neural network attention transformer diffusion model image text';
      const all = new Map(exhaustive(big, many, 100_000));
      const hits = big.suggest(parseQuery(many), 8, () => true);
      assert.equal(hits.length, 8);
      for (const h of hits) assert.ok(Math.abs(h.score - all.get(h.doc)!) < 1e-9, `doc ${h.doc}: ${h.score} vs ${all.get(h.doc)}`);
      assert.deepEqual(hits.map((h) => h.score), hits.map((h) => h.score).sort((a, b) => b - a));
      // Close to the exact answer: the exact 8th best is not far above the champions' 8th.
      const exact = exhaustive(big, many, 8);
      assert.ok(hits[7].score >= exact[7][1] * 0.9, `${hits[7].score} vs ${exact[7][1]}`);
      // A required word holds in every hit.
      const req = big.suggest(parseQuery('+robot graph neural network attention transformer diffusion model'), 8, () => true);
      const robot = new Set(exhaustive(big, 'robot', 100_000).map(([d]) => d));
      assert.equal(req.length, 8);
      for (const h of req) assert.ok(robot.has(h.doc), `doc ${h.doc} lacks the required word`);
    });
  });

  describe('over bursty text: topics by region, gaps wider than a window, a few one-word documents', () => {
    // Block bounds differ most from a term's global best here: "diffusion" is everywhere but
    // dense only in one region, and its global best is a one-word document far from it.
    const rand = seededRandom(11);
    const bursty = new KeywordIndex({ k1: 1.2, b: 0.75, titleWeight: 2 });
    let doc = 0;
    for (let i = 0; i < 15_000; i++) {
      doc += i % 2500 === 0 ? 9_000 : 1 + Math.floor(rand() * 3);
      const region = Math.floor(i / 5000);
      const local = WORDS.slice(region * 6, region * 6 + 8);
      const pick = (m: number) => Array.from({ length: m }, () => (rand() < 0.9 ? local[Math.floor(rand() * local.length)] : WORDS[Math.floor(rand() * WORDS.length)])).join(' ');
      if (i % 997 === 0) bursty.add(doc, 'diffusion', '');
      else bursty.add(doc, pick(2 + Math.floor(rand() * 4)), pick(5 + Math.floor(rand() * 80)));
    }
    bursty.commit();
    const queries = ['diffusion model image', 'graph diffusion robot policy reward', 'sparse dense vector diffusion text token retrieval', 'attention'];
    for (const query of queries) {
      for (const k of [1, 10, 200]) {
        it(`equals exhaustive BM25: "${query}" top ${k}`, () => {
          const got = bursty.search(parseQuery(query), k, () => true);
          const want = exhaustive(bursty, query, k);
          assert.equal(got.length, want.length);
          got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i][1]) < 1e-6, `rank ${i}: ${h.score} vs ${want[i][1]}`));
        });
      }
    }
  });

  it('ranks a title match above the same words in the body', () => {
    const small = new KeywordIndex({ k1: 0.9, b: 0.4, titleWeight: 2 });
    small.add(0, 'A study of birds', 'We look at quasars and their light in detail here.');
    small.add(1, 'A study of quasars', 'We look at birds and their song in detail here.');
    small.commit();
    assert.deepEqual(small.search(parseQuery('quasars'), 2, () => true).map((h) => h.doc), [1, 0]);
  });

  it('stems, so "networks" finds "network"', () => {
    assert.ok(idx.search(parseQuery('networks'), 5, () => true).length > 0);
  });

  it('honours +required and -excluded terms', () => {
    for (const h of idx.search(parseQuery('graph +robot -diffusion'), 50, () => true)) {
      const d = corpus[h.doc];
      const text = `${d.title} ${d.body}`.split(' ');
      assert.ok(text.includes('robot'));
      assert.ok(!text.includes('diffusion'));
    }
  });

  it('expands prefix queries against the vocabulary', () => {
    assert.deepEqual(idx.expandPrefix('retr'), ['retriev']);
    assert.ok(idx.search(parseQuery('retr*'), 5, () => true).length > 0);
  });

  it('applies the filter predicate', () => {
    const hits = idx.search(parseQuery('graph'), 20, (d) => d % 2 === 0);
    assert.ok(hits.length > 0 && hits.every((h) => h.doc % 2 === 0));
  });

  it('forgets a replaced document at commit', () => {
    const alive = new Set([0, 1]);
    const small = new KeywordIndex({ k1: 0.9, b: 0.4, titleWeight: 1 }, (d) => alive.has(d));
    small.add(0, 'old title about zebras', '');
    small.add(1, 'other', 'nothing');
    small.commit();
    alive.delete(0);
    small.remove(0);
    alive.add(2);
    small.add(2, 'new title about horses', '');
    small.commit();
    assert.deepEqual(small.search(parseQuery('zebras'), 5, () => true), []);
    assert.deepEqual(small.search(parseQuery('horses'), 5, () => true).map((h) => h.doc), [2]);
    assert.equal(small.countMatches(parseQuery('horses other'), () => true), 2);
  });

  it('gallops to the first doc at or after a target', () => {
    const docs = Int32Array.from([1, 3, 5, 7, 9, 11, 13]);
    assert.equal(gallop(docs, 0, docs.length, 0), 0);
    assert.equal(gallop(docs, 0, docs.length, 6), 3);
    assert.equal(gallop(docs, 2, docs.length, 13), 6);
    assert.equal(gallop(docs, 0, docs.length, 99), 7);
  });
});
