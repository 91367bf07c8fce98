// Where tests find recorded real data: small copies in test/fixtures and the repository's own
// data/demo corpus, so a fresh clone runs them. Only tests that need the large sets in
// ../shared/data (the whole Daily Papers archive) skip when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** test/fixtures/, with a trailing slash (see its README for what each file is). */
export const fixtures = new URL('../fixtures/', import.meta.url).pathname;
/** data/demo/, the 60-day Daily Papers + arXiv corpus shipped with the repository. */
export const demoData = new URL('../../data/demo/', import.meta.url).pathname;

/** Where the large recorded data lives (a sibling checkout's shared/data); absent on a fresh clone. */
export const sharedData = new URL('../../../shared/data/', import.meta.url).pathname;
export const hasSharedData = existsSync(join(sharedData, 'hf-daily-papers', '2025-12-31.json'));
/** The skip reason for tests over the whole archive, or false when it is there. */
export const needsSharedData = hasSharedData ? false : 'large data: needs ../shared/data (the whole Daily Papers archive)';

/** A file's text, gunzipped when its name ends in .gz. */
export function readText(path: string): string {
  const raw = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
}

/** A fixture's text by its path under test/fixtures. */
export const fixtureText = (path: string): string => readText(join(fixtures, path));

/** The recorded Hugging Face daily_papers response of one day in data/demo, as JSON text. */
export const demoDayText = (day: string): string => readText(join(demoData, 'hf-daily-papers', `${day}.json.gz`));
