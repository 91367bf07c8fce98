// A member's page from the response cache, gzipped once per template and exactly what was filled
// in: the same bytes while nothing changed, and their vote in the very next page once they vote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { createFilledGzip } from '../../src/web/filled-gzip.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { suiteTestDatabase } from '../helpers/db.ts';
import { WebClient } from '../helpers/web-client.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { insertSession } from '../../src/store/auth-tokens.ts';
import { hashSecret, newSecret } from '../../src/community/secrets.ts';
import { paperInput } from '../helpers/papers.ts';

test('kept per template and filled text: the same fill gets the same bytes, any other fill its own', () => {
  const filled = createFilledGzip({ maxBytes: 1 << 20 });
  let made = 0;
  const page = (fill: string[]) => () => (made++, Buffer.from(`<main>${'<li>row</li>'.repeat(300)}${fill.join('|')}</main>`));
  const on = ['<button aria-pressed="true" value="', '">'];
  const off = ['<button aria-pressed="false" value="', '">'];
  const first = filled.gzip(1, ['ann', on], 'T1', page(['ann', on.join('T1')]));
  assert.equal(gunzipSync(first).toString(), page(['ann', on.join('T1')])().toString());
  assert.equal(filled.gzip(1, ['ann', on], 'T1', page(['ann', on.join('T1')])), first, 'kept');
  assert.equal(made, 2, 'not assembled again when kept (once by gzip, once by this test)');
  const voted = filled.gzip(1, ['ann', off], 'T1', page(['ann', off.join('T1')]));
  assert.match(gunzipSync(voted).toString(), /aria-pressed="false" value="T1"/, 'another fill, its own bytes');
  assert.match(gunzipSync(filled.gzip(1, ['ann', on], 'T2', page(['ann', on.join('T2')]))).toString(), /value="T2"/, 'another token, its own bytes');
  assert.match(gunzipSync(filled.gzip(2, ['ann', on], 'T1', page(['ann', on.join('T1'), 'new']))).toString(), /new/, 'another template, its own bytes');
  assert.equal(filled.stats().entries, 4);
});

test('kept copies stay within their byte bound', () => {
  const filled = createFilledGzip({ maxBytes: 100_000 });
  for (let i = 0; i < 200; i++) {
    filled.gzip(1, [`member-${i}`], 't', () => Buffer.from(`${randomBytes(3000).toString('hex')}member-${i}`));
    assert.ok(filled.stats().bytes <= 100_000);
  }
  assert.ok(filled.stats().entries > 1 && filled.stats().entries < 200);
});

const daily = (upvotes: number) => ({ featuredOn: '2025-12-31', submittedBy: null, upvotes, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null });

test('a member’s gzipped page is their page, and shows their vote on the very next request', async () => {
  const { db, close } = await suiteTestDatabase().open();
  try {
    await upsertPapers(db, [
      paperInput({ id: '2512.00001', title: 'First paper', daily: daily(3), source: 'hf-daily' }),
      paperInput({ id: '2512.00002', title: 'Second paper', daily: daily(2), source: 'hf-daily' }),
    ]);
    const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', SECRET_KEY: 'k' }) });
    const user = await findOrCreateUser(db, 'ann@example.org', 'member', 'ann');
    const secret = newSecret();
    await insertSession(db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 60_000 });
    const ann = new WebClient(app, 'ann@example.org');
    ann.cookies.set('pb_session', secret);
    await ann.get('/signin'); // her CSRF cookie and token
    const cookie = [...ann.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const gz = async (path: string) => {
      const res = await app.request(path, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(res.headers.get('content-encoding'), 'gzip');
      return gunzipSync(Buffer.from(await res.arrayBuffer())).toString();
    };
    const pressed = (html: string) => /action="\/papers\/2512.00001\/upvote"[\s\S]*?aria-pressed="(true|false)"/.exec(html)?.[1];
    for (const path of ['/papers/date/2025-12-31', '/papers/2512.00001']) {
      const plain = (await ann.get(path)).html;
      assert.equal(await gz(path), plain, `${path}: the same page as sent uncompressed`);
      assert.equal(await gz(path), plain, `${path}: and again, from the kept copy`);
      assert.equal(pressed(plain), 'false');
      assert.equal((await ann.post('/papers/2512.00001/upvote', { vote: '1' })).status, 303);
      assert.equal(pressed(await gz(path)), 'true', `${path}: her vote on the very next page`);
      assert.equal((await ann.post('/papers/2512.00001/upvote', { vote: '0' })).status, 303);
      assert.equal(pressed(await gz(path)), 'false', `${path}: and its undoing`);
    }
  } finally {
    await close();
  }
});
