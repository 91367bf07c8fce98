// The star-data version (migration 110, store/data-version.ts) moves with every write that can
// change what a paper's star history or chart shows, whoever writes: pages keep histories and
// their drawings under it (web/star-memo.ts) and read no snapshots while it stays. A kind of write
// that did not move it would leave every server showing a stale chart.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadHfDays } from '../helpers/hf-days.ts';
import { DAYS } from '../helpers/web-app.ts';
import { openDb, sql, type Db } from '../../src/db/db.ts';
import { getStarDataVersion } from '../../src/store/data-version.ts';
import { addStarSnapshots, linkPaperRepos, updateRepoCheck, upsertRepos } from '../../src/store/repos.ts';

const DAY = 86_400_000;
const at = (d: number) => Date.parse('2025-12-01T00:00:00Z') + d * DAY;

for (const database of testDatabases()) {
  describe(`the star-data version (${database.name})`, () => {
    let t: OpenedTestDb;
    // Another connection to the same database, as a harvest in another process writes.
    let other: Db;
    let papers: string[];
    before(async () => {
      t = await database.open();
      other = await openDb(t.url);
      await loadHfDays(t.db, [DAYS[0]!]);
      papers = (await t.db.all<{ id: string }>(sql`SELECT id FROM papers ORDER BY id LIMIT 3`)).map((r) => r.id);
    });
    after(async () => {
      await other?.close();
      await t?.close();
    });

    /** Runs a write through the other connection; answers whether this one then reads a different version. */
    const moves = async (write: (db: Db) => Promise<unknown>): Promise<boolean> => {
      const before = await getStarDataVersion(t.db);
      await write(other);
      return (await getStarDataVersion(t.db)) !== before;
    };

    test('snapshots written, rewritten and deleted move it', async () => {
      const repos = await upsertRepos(other, [{ url: 'https://github.com/v/one', fullName: 'v/one' }]);
      const repoId = repos.get('https://github.com/v/one')!;
      assert.ok(await moves((db) => addStarSnapshots(db, [{ repoId, at: at(0), stars: 10, source: 'github' }])), 'a new snapshot');
      assert.ok(await moves((db) => addStarSnapshots(db, [{ repoId, at: at(1), stars: 12, source: 'github' }, { repoId, at: at(2), stars: 15, source: 'github' }])), 'several in one statement');
      assert.ok(await moves((db) => addStarSnapshots(db, [{ repoId, at: at(1), stars: 13, source: 'github' }])), 'the same instant again, another count (an upsert)');
      assert.ok(await moves((db) => db.run(sql`UPDATE star_snapshots SET stars = 14 WHERE repo_id = ${repoId} AND at = ${at(1)}`)), 'an update');
      assert.ok(await moves((db) => db.run(sql`DELETE FROM star_snapshots WHERE repo_id = ${repoId} AND at = ${at(2)}`)), 'a delete');
    });

    test("a paper's repository links added, changed and removed move it; a link already there does not", async () => {
      const repos = await upsertRepos(other, [{ url: 'https://github.com/v/two', fullName: 'v/two' }, { url: 'https://github.com/v/three', fullName: 'v/three' }]);
      const two = repos.get('https://github.com/v/two')!;
      const three = repos.get('https://github.com/v/three')!;
      assert.ok(await moves((db) => linkPaperRepos(db, [{ paperId: papers[0]!, repoId: two }])), 'a link');
      assert.ok(!(await moves((db) => linkPaperRepos(db, [{ paperId: papers[0]!, repoId: two }]))), 'the same link again writes nothing');
      assert.ok(await moves((db) => db.run(sql`UPDATE paper_repos SET repo_id = ${three} WHERE paper_id = ${papers[0]!} AND repo_id = ${two}`)), 'a link changed');
      assert.ok(await moves((db) => db.run(sql`DELETE FROM paper_repos WHERE paper_id = ${papers[0]!} AND repo_id = ${three}`)), 'a link removed');
    });

    test("a repository's stars (which one is a paper's main one) or name changing moves it; a refresh changing neither does not", async () => {
      const repos = await upsertRepos(other, [{ url: 'https://github.com/v/four', fullName: 'v/four' }]);
      const id = repos.get('https://github.com/v/four')!;
      const check = { status: 'ok' as const, etag: 'e1', renamedTo: null, at: at(3) };
      assert.ok(await moves((db) => updateRepoCheck(db, id, { ...check, stars: 50 })), 'stars');
      assert.ok(!(await moves((db) => updateRepoCheck(db, id, { ...check, stars: 50, etag: 'e2', at: at(4) }))), 'the same count checked again');
      assert.ok(await moves((db) => updateRepoCheck(db, id, { ...check, status: 'renamed', stars: 50, renamedTo: 'v/four-renamed' })), 'a rename');
      assert.ok(await moves((db) => db.run(sql`UPDATE repos SET full_name = 'V/Four' WHERE id = ${id}`)), 'its name as GitHub spells it');
    });

    test("deleting a repository or a paper (their links and snapshots go with them) moves it", async () => {
      const repos = await upsertRepos(other, [{ url: 'https://github.com/v/five', fullName: 'v/five' }, { url: 'https://github.com/v/six', fullName: 'v/six' }]);
      const five = repos.get('https://github.com/v/five')!;
      const six = repos.get('https://github.com/v/six')!;
      await linkPaperRepos(other, [{ paperId: papers[1]!, repoId: five }, { paperId: papers[2]!, repoId: six }]);
      await addStarSnapshots(other, [{ repoId: five, at: at(0), stars: 1, source: 'github' }]);
      assert.ok(await moves((db) => db.run(sql`DELETE FROM repos WHERE id = ${five}`)), 'a repository');
      assert.ok(await moves((db) => db.run(sql`DELETE FROM papers WHERE id = ${papers[2]!}`)), 'a paper linked to one');
    });
  });
}
