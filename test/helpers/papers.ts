// Builders for parsed paper records in tests.
import type { PaperInput } from '../../src/model.ts';

export function paperInput(overrides: Partial<PaperInput> & { id: string }): PaperInput {
  return {
    version: 0,
    versions: [],
    title: `Paper ${overrides.id}`,
    abstract: '',
    authors: [],
    categories: [],
    primaryCategory: null,
    comments: null,
    journalRef: null,
    doi: null,
    license: null,
    publishedAt: null,
    updatedAt: null,
    codeUrls: [],
    projectUrls: [],
    daily: null,
    source: 'jsonl',
    ...overrides,
  };
}
