// Identical reads waiting for a connection are asked once (db/coalesced-reads.ts): each waiting
// reader gets the answer of a statement sent after it asked, never one already under way, and rows
// of its own; on PostgreSQL fifty identical reads on a pool of two are answered right and by far
// fewer statements. And which PostgreSQL statements keep their plan (db/postgres.ts).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadCoalescer, readKey } from '../../src/db/coalesced-reads.ts';
import { sql, type Db } from '../../src/db/db.ts';
import { openPostgres, plannedPerCall } from '../../src/db/postgres.ts';
import { testPostgresUrl, postgresTestDatabase, type OpenedTestDb } from '../helpers/db.ts';

/** A statement under test's control: it answers when told to. */
function controlled() {
  const runs: { key: string; finish: (v: string[]) => void; fail: (e: Error) => void }[] = [];
  const run = (key: string) => () => new Promise<string[]>((finish, fail) => runs.push({ key, finish, fail }));
  return { runs, run };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('coalesced reads', () => {
  it('with a slot free a read runs at once; identical reads waiting for a slot share one statement, sent after all of them asked', async () => {
    const { runs, run } = controlled();
    const reads = createReadCoalescer<string[]>(1, (rows) => [...rows]);
    const first = reads.read('a', run('a'));
    assert.equal(runs.length, 1, 'ran at once');
    const waiting = [reads.read('a', run('a')), reads.read('a', run('a')), reads.read('b', run('b')), reads.read('a', run('a'))];
    assert.equal(runs.length, 1, 'the others wait for the slot');
    assert.deepEqual(reads.stats(), { running: 1, waiting: 2, joined: 2 });
    runs[0]!.finish(['old']);
    assert.deepEqual(await first, ['old']);
    await tick();
    assert.equal(runs.length, 2, 'the oldest waiting statement is sent');
    assert.equal(runs[1]!.key, 'a');
    runs[1]!.finish(['new']);
    await tick();
    runs[2]!.finish(['b']);
    const got = await Promise.all(waiting);
    assert.deepEqual(got, [['new'], ['new'], ['b'], ['new']], 'the three waiting "a" reads got the statement sent after they asked');
    assert.equal(runs.length, 3, 'three statements for five reads');
    got[0]!.push('changed by its reader');
    assert.deepEqual(got[1], ['new'], 'each reader has rows of its own');
  });

  it('a read never joins a statement already sent: asked while one runs, it waits for a statement of its own', async () => {
    const { runs, run } = controlled();
    const reads = createReadCoalescer<string[]>(2, (rows) => [...rows]);
    const running = reads.read('a', run('a'));
    const later = reads.read('a', run('a'));
    assert.equal(runs.length, 2, 'a free slot: sent at once, not joined to the running one');
    runs[0]!.finish(['before the vote']);
    runs[1]!.finish(['after the vote']);
    assert.deepEqual(await running, ['before the vote']);
    assert.deepEqual(await later, ['after the vote']);
  });

  it("a failed statement fails every reader that shared it, and the next reads run", async () => {
    const { runs, run } = controlled();
    const reads = createReadCoalescer<string[]>(1, (rows) => [...rows]);
    const first = reads.read('x', run('x'));
    const shared = [reads.read('a', run('a')), reads.read('a', run('a'))];
    runs[0]!.finish(['x']);
    await first;
    await tick();
    runs[1]!.fail(new Error('connection lost'));
    for (const r of await Promise.allSettled(shared)) assert.equal(r.status === 'rejected' && (r.reason as Error).message, 'connection lost');
    const after = reads.read('a', run('a'));
    runs[2]!.finish(['ok']);
    assert.deepEqual(await after, ['ok']);
    await tick();
    assert.deepEqual(reads.stats(), { running: 0, waiting: 0, joined: 1 });
  });

  it('only plain reads with values of a known kind are shared; values are told apart by kind', () => {
    const table: [string, unknown[], boolean][] = [
      ['SELECT * FROM papers WHERE id = $1', ['2501.00001'], true],
      ['  with x AS (SELECT 1) SELECT * FROM x', [], true],
      ['INSERT INTO votes VALUES ($1)', [1], false],
      ['WITH picked AS (SELECT id FROM jobs FOR UPDATE SKIP LOCKED) UPDATE jobs SET x = 1', [], false],
      ['SELECT pg_notify($1, $2)', ['c', 'p'], false],
      ['SELECT pg_advisory_xact_lock($1)', [1], false],
      ['SELECT id FROM papers ORDER BY random() LIMIT 1', [], false],
      ['SELECT nextval($1)', ['s'], false],
      ['SELECT * FROM papers WHERE id = $1', [Buffer.from('x')], false],
    ];
    for (const [text, values, shared] of table) assert.equal(readKey(text, values) !== null, shared, text);
    const q = 'SELECT $1, $2';
    assert.notEqual(readKey(q, [1, 'x']), readKey(q, ['1', 'x']), 'a number and its text');
    assert.notEqual(readKey(q, ['a', 'b\u0000s1:c']), readKey(q, ['a\u0000s1:b', 'c']), 'values cannot run into each other');
    assert.notEqual(readKey(q, [null, 'x']), readKey(q, ['', 'x']));
    assert.equal(readKey(q, [new Date(5), true]), readKey(q, [new Date(5), true]));
  });
});

describe('coalesced reads on PostgreSQL', { skip: testPostgresUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let t: OpenedTestDb;
  let small: Db;
  before(async () => {
    t = await postgresTestDatabase(testPostgresUrl!).open();
    await t.db.exec('CREATE TABLE coalesced (n INTEGER)');
    await t.db.exec('INSERT INTO coalesced SELECT generate_series(1, 2000)');
    // The same schema through a pool of two connections, so that most reads wait for one.
    const { url } = t;
    small = await openPostgres(url, 2);
  });
  after(async () => {
    await small?.close();
    await t?.close();
  });

  it('fifty identical reads on a pool of two: every one answered right, by far fewer statements, each with rows of its own', async () => {
    // statement_timestamp() differs between statements: the number of distinct values is the number of statements.
    const q = () => small.all<{ total: string; at: Date }>(sql`SELECT SUM(n) AS total, statement_timestamp() AS at FROM coalesced`);
    const answers = await Promise.all(Array.from({ length: 50 }, q));
    for (const a of answers) assert.equal(Number(a[0]!.total), 2001000);
    const statements = new Set(answers.map((a) => a[0]!.at.getTime())).size;
    assert.ok(statements < 25, `${statements} statements for 50 reads`);
    (answers[0]![0] as { total: string }).total = 'changed';
    assert.ok(answers.slice(1).every((a) => a[0]!.total !== 'changed'), 'rows are not shared between readers');
  });

  it('a write committed before a read is asked is in its answer, even with identical reads under way', async () => {
    for (let round = 0; round < 5; round++) {
      const count = () => small.get<{ c: string }>(sql`SELECT COUNT(*) AS c FROM coalesced WHERE n > 5000`);
      const busy = Array.from({ length: 10 }, count);
      await t.db.run(sql`INSERT INTO coalesced VALUES (${6000 + round})`);
      const after = await count();
      assert.equal(Number(after!.c), round + 1, `round ${round}: the read asked after the write sees it`);
      await Promise.all(busy);
    }
  });
});

describe('which PostgreSQL statements keep a plan', () => {
  it('ranges, patterns and text searches are planned for their values every time; lookups by equality keep a plan', () => {
    const table: [string, boolean][] = [
      ['SELECT repo_id FROM star_snapshots WHERE at > $1 AND at <= $2', true],
      ['SELECT * FROM papers WHERE featured_on >= $1 AND featured_on <= $2 ORDER BY x LIMIT $3', true],
      ['SELECT * FROM t WHERE $1 < at', true],
      ['SELECT * FROM t WHERE at BETWEEN $1 AND $2', true],
      ['SELECT * FROM users WHERE name ILIKE $1', true],
      ["SELECT * FROM papers WHERE tsv @@ plainto_tsquery('english', $1)", true],
      ['SELECT * FROM papers WHERE id = $1', false],
      ['SELECT * FROM papers WHERE id IN ($1,$2,$3) AND (SELECT v FROM star_data_version WHERE id = 1) <> $4', false],
      ['SELECT * FROM papers WHERE id <> $1 AND user_id = $2 ORDER BY created_at DESC LIMIT $3', false],
      ['SELECT MAX(modified_at) AS v FROM papers', false],
      ["SELECT * FROM trending_scores WHERE span = 'week' AND score > 0", false],
    ];
    for (const [text, perCall] of table) assert.equal(plannedPerCall(text), perCall, text);
  });
});
