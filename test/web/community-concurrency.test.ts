// Many members at once over real HTTP: 200 parallel upvotes leave exactly 200 votes; parallel submissions one entry.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { insertUser } from '../../src/store/users.ts';
import { insertApiToken } from '../../src/store/auth-tokens.ts';
import { countVotes } from '../../src/store/votes.ts';
import { countSubmissionsOfPaper } from '../../src/store/submissions.ts';
import { hashSecret } from '../../src/community/secrets.ts';
import { newApiToken } from '../../src/community/secrets.ts';

const MEMBERS = 200;

for (const kind of testDatabases()) {
  describe(`concurrent members over HTTP on ${kind.name}`, () => {
    let t: OpenedTestDb;
    let server: ReturnType<typeof serve>;
    let base: string;
    const tokens: string[] = [];
    before(async () => {
      t = await kind.open();
      await upsertPapers(t.db, [paperInput({ id: '2511.00001', publishedAt: Date.now() }), paperInput({ id: '2511.00002', publishedAt: Date.now() })]);
      for (let i = 0; i < MEMBERS; i++) {
        const user = (await insertUser(t.db, { email: `m${i}@example.org`, name: `m${i}`, role: 'member' }))!;
        const token = newApiToken();
        await insertApiToken(t.db, { hash: hashSecret(token), userId: user.id, name: 'load' });
        tokens.push(token);
      }
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '' }) });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((r) => server.close(r));
      await t.close();
    });

    test(`${MEMBERS} members upvoting one paper in parallel (twice each) leave exactly ${MEMBERS} votes`, async () => {
      const upvote = (token: string) =>
        fetch(`${base}/api/papers/2511.00001/upvote`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const responses = await Promise.all([...tokens, ...tokens].map(upvote));
      assert.deepEqual([...new Set(responses.map((r) => r.status))], [200]);
      await Promise.all(responses.map((r) => r.arrayBuffer()));
      assert.equal(await countVotes(t.db, '2511.00001'), MEMBERS);
      const paper = await (await fetch(`${base}/api/papers/2511.00001`)).json();
      assert.equal(paper.upvotes, MEMBERS, 'the counter agrees with the votes');
    });

    test('parallel submissions of one paper create one entry', async () => {
      const submit = (token: string) =>
        fetch(`${base}/api/papers/submit`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: '2511.00002' }),
        });
      const responses = await Promise.all(tokens.slice(0, 30).map(submit));
      const statuses = responses.map((r) => r.status).sort();
      await Promise.all(responses.map((r) => r.arrayBuffer()));
      assert.equal(statuses.filter((s) => s === 201).length, 1);
      assert.equal(statuses.filter((s) => s === 400).length, 29);
      assert.equal(await countSubmissionsOfPaper(t.db, '2511.00002'), 1);
    });
  });
}
