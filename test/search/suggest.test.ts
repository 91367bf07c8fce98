// Typeahead completions over an index that grows: a short prefix's cached completions follow new words.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IndexState } from '../../src/search/index-state.ts';
import { SEARCH_BM25 } from '../../src/search/service.ts';
import { DEFAULT_VECTOR_OPTIONS } from '../../src/search/vector-index.ts';
import { suggestDocs } from '../../src/search/suggest.ts';
import type { Paper } from '../../src/model.ts';

const paper = (id: string, title: string): Paper => ({
  id, version: 1, versions: [], title, abstract: `${title}.`, authors: ['A. Author'], categories: ['cs.LG'], primaryCategory: 'cs.LG',
  comments: null, journalRef: null, doi: null, license: null, publishedAt: 0, updatedAt: null, codeUrls: [], projectUrls: [],
  daily: null, source: 'jsonl', createdAt: 0, modifiedAt: 0,
});

describe('typeahead', () => {
  it('completes a short prefix with words indexed after it was first typed', async () => {
    const state = new IndexState({ bm25: SEARCH_BM25, vectors: DEFAULT_VECTOR_OPTIONS, lsa: {} }, null);
    await state.add([paper('1', 'Quantum error correction'), paper('2', 'Quantum annealing for graphs')]);
    state.commit();
    const ids = (q: string) => suggestDocs(state, q, 8).map((h) => state.table.ids[h.doc]).sort();
    assert.deepEqual(ids('qu'), ['1', '2']);
    await state.add([paper('3', 'Quokka tracking in the wild')]);
    state.commit();
    assert.deepEqual(ids('qu'), ['1', '2', '3']);
    assert.equal(state.table.ids[suggestDocs(state, 'quantum er', 8)[0].doc], '1');
    assert.deepEqual(ids('zq'), []);
  });
});
