// Builders for parsed paper records in tests.
import type { PaperInput } from '../../src/model.ts';
import { emptyPaper } from '../../src/ingest/parsed.ts';

export function paperInput(overrides: Partial<PaperInput> & { id: string }): PaperInput {
  return { ...emptyPaper(overrides.id, 'jsonl'), title: `Paper ${overrides.id}`, ...overrides };
}
