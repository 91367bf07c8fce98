// The paper page's similar papers are searched once per catalog version, but shown as they are now:
// fresh counts, hidden papers left out, and searched again (in the background) after an import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { getPapersByIds, upsertPapers } from '../../src/store/papers.ts';
import { setVote } from '../../src/store/votes.ts';
import { setPaperHidden } from '../../src/store/paper-community.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { memoizeSimilar } from '../../src/web/similar-memo.ts';
import type { Paper } from '../../src/model.ts';

for (const kind of testDatabases()) {
  test(`similar papers: searched once per catalog version, shown fresh (${kind.name})`, async () => {
    const { db, close } = await kind.open();
    try {
      await upsertPapers(db, ['1', '2', '3'].map((n) => paperInput({ id: `2512.0000${n}`, title: `Paper ${n}` })), 1000);
      let searches = 0;
      const similar = memoizeSimilar(db, async (p: Paper) => {
        searches++;
        return getPapersByIds(db, ['2512.00002', '2512.00003'].filter((id) => id !== p.id), { visibleOnly: true });
      });
      const [one] = await getPapersByIds(db, ['2512.00001']);
      assert.deepEqual((await similar(one!, 5))!.map((p) => p.id), ['2512.00002', '2512.00003']);
      const user = await findOrCreateUser(db, 'v@example.org', 'member', 'voter');
      await setVote(db, user.id, '2512.00002', true);
      const again = await similar(one!, 5);
      assert.equal(searches, 1, 'no second search while the catalog is unchanged');
      assert.equal(again![0]!.communityUpvotes, 1, 'the counts shown are current');
      await setPaperHidden(db, '2512.00003', Date.now());
      assert.deepEqual((await similar(one!, 5))!.map((p) => p.id), ['2512.00002'], 'a hidden paper is not shown');
      await upsertPapers(db, [paperInput({ id: '2512.00004', title: 'Paper 4' })], 2000);
      assert.deepEqual((await similar(one!, 5))?.map((p) => p.id), ['2512.00002'], 'after an import, the known neighbours at once');
      assert.equal(searches, 2, 'an import searches again (in the background)');
    } finally {
      await close();
    }
  });
}

for (const kind of testDatabases()) {
  test(`similar papers: an answer the search could not give now is not remembered (${kind.name})`, async () => {
    const { db, close } = await kind.open();
    try {
      await upsertPapers(db, ['1', '2'].map((n) => paperInput({ id: `2512.0000${n}`, title: `Paper ${n}` })), 1000);
      let ready = false;
      let searches = 0;
      const similar = memoizeSimilar(db, async () => {
        searches++;
        return ready ? getPapersByIds(db, ['2512.00002']) : null;
      });
      const [one] = await getPapersByIds(db, ['2512.00001']);
      assert.equal(await similar(one!, 5), null, 'the index is still being built');
      ready = true;
      assert.deepEqual((await similar(one!, 5))?.map((p) => p.id), ['2512.00002'], 'asked again, not the remembered nothing');
      assert.equal(searches, 2);
    } finally {
      await close();
    }
  });
}

for (const kind of testDatabases()) {
  test(`similar papers: an answer that comes after the page stopped waiting is kept, not searched again (${kind.name})`, async () => {
    const { db, close } = await kind.open();
    try {
      await upsertPapers(db, ['1', '2', '3'].map((n) => paperInput({ id: `2512.0000${n}`, title: `Paper ${n}` })), 1000);
      let searches = 0;
      let answer!: () => void;
      const similar = memoizeSimilar(db, async (p: Paper) => {
        searches++;
        await new Promise<void>((resolve) => (answer = resolve));
        return getPapersByIds(db, ['2512.00002', '2512.00003'].filter((id) => id !== p.id));
      }, { pageWaitMs: 20 });
      const [one] = await getPapersByIds(db, ['2512.00001']);
      assert.equal(await similar(one!, 5), null, 'the page shows other papers after its wait');
      assert.equal(await similar(one!, 5), null, 'still searching: others again, without a second search');
      answer();
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual((await similar(one!, 5))?.map((p) => p.id), ['2512.00002', '2512.00003'], 'the late answer is kept');
      assert.equal(searches, 1);
    } finally {
      await close();
    }
  });
}

for (const kind of testDatabases()) {
  test(`similar papers: behind other searches a page does not wait, and at most maxSearching run (${kind.name})`, async () => {
    const { db, close } = await kind.open();
    try {
      await upsertPapers(db, ['1', '2', '3', '4'].map((n) => paperInput({ id: `2512.0000${n}`, title: `Paper ${n}` })), 1000);
      const answers: (() => void)[] = [];
      const asked: string[] = [];
      const similar = memoizeSimilar(db, async (p: Paper) => {
        asked.push(p.id);
        await new Promise<void>((resolve) => answers.push(resolve));
        return getPapersByIds(db, ['2512.00004']);
      }, { pageWaitMs: 60_000, maxSearching: 2 });
      const [one, two, three] = await getPapersByIds(db, ['2512.00001', '2512.00002', '2512.00003']);
      const first = similar(one!, 5);
      // The first search is running: the next page shows others at once (its search runs on).
      assert.equal(await similar(two!, 5), null);
      assert.equal(await similar(three!, 5), null, 'two searches run: no third is started');
      assert.deepEqual(asked, ['2512.00001', '2512.00002']);
      for (const answer of answers) answer();
      assert.deepEqual((await first)?.map((p) => p.id), ['2512.00004'], 'the first page waited for its own search');
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual((await similar(two!, 5))?.map((p) => p.id), ['2512.00004'], "the second page's search is kept");
      // Now alone, the third page's search is started, and the page waits for it.
      const third = similar(three!, 5);
      await new Promise((r) => setTimeout(r, 50));
      answers.at(-1)!();
      assert.deepEqual((await third)?.map((p) => p.id), ['2512.00004']);
      assert.deepEqual(asked, ['2512.00001', '2512.00002', '2512.00003']);
    } finally {
      await close();
    }
  });
}
