// `paperboy digest preview` and `digest send --dry-run` as a user runs them: the real executable, a real database file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suiteTestDatabase } from '../helpers/db.ts';
import { seedConfirmedSubscribers, seedFeaturedPapers } from '../helpers/digest.ts';

const BIN = fileURLToPath(new URL('../../bin/paperboy', import.meta.url));

test('digest preview prints one subscriber\'s HTML; send --dry-run counts without recording; bad options are one-line errors', async () => {
  const { db, url, close } = await suiteTestDatabase().open();
  try {
    await seedFeaturedPapers(db, '2025-12-01', 3, '2512', (i) => (i === 0 ? { title: 'Tom & <Jerry>' } : {}));
    await seedConfirmedSubscribers(db, 2);
    await seedConfirmedSubscribers(db, 1, { topics: { categories: ['math.OC'], keywords: [], query: null } }, 'picky.org');
    const env = { ...process.env, DATABASE_URL: url, PUBLIC_URL: 'https://pb.test' };
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'digest', ...args], { env, encoding: 'utf8' });

    const preview = run('preview', 'reader1@example.org', '--at', '2025-12-02');
    assert.equal(preview.status, 0, preview.stderr);
    assert.match(preview.stdout, /^<!doctype html>/);
    assert.ok(preview.stdout.includes('Tom &amp; &lt;Jerry&gt;'));
    const empty = run('preview', 'reader1@picky.org', '--at', '2025-12-02');
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /nothing new for reader1@picky\.org .* an empty digest is not sent/);

    const dry = run('send', '--dry-run', '--period', 'daily', '--at', '2025-12-02');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /daily digest due 2025-12-02: dry run: nothing recorded, nothing sent; wouldSend 2, empty 1, candidates 3/);

    const bad = run('send', '--at', '2025-13-40');
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim(), 'paperboy digest: --at must be a date as YYYY-MM-DD, got "2025-13-40"');
    const noSmtp = run('send', '--at', '2025-12-02');
    assert.equal(noSmtp.status, 1);
    assert.match(noSmtp.stderr, /SMTP_URL is not set/);
  } finally {
    await close();
  }
});
