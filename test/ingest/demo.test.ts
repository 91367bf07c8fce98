// The shipped demo corpus loads into an empty database, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { loadDemoIfEmpty } from '../../src/ingest/demo.ts';
import { countPapers, listNewestPapers } from '../../src/store/papers.ts';
import { suiteTestDatabase } from '../helpers/db.ts';

test('demo corpus: real Daily Papers with upvotes and stars, loaded only into an empty catalog', async () => {
  const t = await suiteTestDatabase().open();
  try {
    const demoDir = new URL('../../data/demo', import.meta.url).pathname;
    const config = loadConfig({ DEMO_DIR: demoDir });
    const first = await loadDemoIfEmpty(t.db, config);
    assert.equal(first?.new, 1108);
    assert.equal(first?.rejected, 0);
    assert.equal(await countPapers(t.db), 1108);
    const newest = await listNewestPapers(t.db, 50);
    assert.ok(newest.some((p) => p.daily && p.daily.upvotes > 0 && p.codeUrls.length > 0));
    assert.equal(await loadDemoIfEmpty(t.db, config), null);
    assert.equal(await loadDemoIfEmpty(t.db, loadConfig({ DEMO_DIR: '' })), null);
  } finally {
    await t.close();
  }
});
