// `paperboy trending` end to end: a real process on a seeded SQLite file.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import type { DailyFacts } from '../../src/model.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const daily = (featuredOn: string, upvotes: number, githubStars: number | null): DailyFacts => ({
  featuredOn, submittedBy: 'akhaliq', upvotes, numComments: 0, githubStars, aiKeywords: [], aiSummary: null,
});

describe('paperboy trending', () => {
  let t: OpenedTestDb;
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/paperboy', 'trending', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url }, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  before(async () => {
    t = await suiteTestDatabase().open();
    await upsertPapers(t.db, [
      paperInput({ id: '2512.00001', title: 'Agents that read', publishedAt: Date.UTC(2025, 11, 28), codeUrls: ['https://github.com/lab/agents'], daily: daily('2025-12-30', 45, 312) }),
      paperInput({ id: '2512.00002', title: 'No code here', publishedAt: Date.UTC(2025, 11, 29), daily: daily('2025-12-31', 80, null) }),
      paperInput({ id: '2512.00003', title: 'Last month', publishedAt: Date.UTC(2025, 10, 1), daily: daily('2025-11-03', 500, null) }),
    ]);
    await t.db.close();
  });
  after(async () => {
    await t.close().catch(() => {});
  });

  it('prints JSON {id, title, score, parts} as of the end of --at', () => {
    const r = cli('--window', 'week', '--at', '2025-12-31', '--json');
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { id: string; title: string; score: number; parts: { stars: number; upvotes: number } }[];
    assert.deepEqual(rows.map((x) => x.id), ['2512.00001', '2512.00002']);
    assert.equal(rows[0].title, 'Agents that read');
    assert.equal(rows[0].parts.stars, 312);
    assert.equal(rows[0].parts.upvotes, 45);
    assert.ok(rows[0].score > rows[1].score);
  });

  it('ranks as of the latest activity when nothing is recent, and says so', () => {
    const r = cli();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /ranking as of the end of 2025-12-31, the latest day with enough activity/);
    assert.match(r.stdout, /\+312 stars this week · 45 upvotes · 3 days old/);
    assert.match(r.stdout, /no code · 80 upvotes · 2 days old/);
  });

  it('a month window reaches back further; --at before anything lists nothing', () => {
    assert.match(cli('--window', 'month', '--at', '2025-11-05').stdout, /Last month/);
    assert.match(cli('--at', '2024-01-01').stdout, /no trending papers/);
  });

  it('rejects a bad window or date with a one-line usage error', () => {
    const r = cli('--window', 'year');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'paperboy trending: --window must be day, week or month, got "year"\n');
    assert.match(cli('--at', '2025-02-30').stderr, /--at must be a date as YYYY-MM-DD/);
  });
});
