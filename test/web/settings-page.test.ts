// The settings page on every database: a member renames themself and manages the digest of their
// own (signed-in, so already proven) address without a confirmation mail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../helpers/db.ts';
import { WebClient } from '../helpers/web-client.ts';
import { createApp } from '../../src/web/app.ts';
import { loadConfig } from '../../src/config.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { hashSecret, newSecret } from '../../src/community/secrets.ts';
import { insertSession } from '../../src/store/auth-tokens.ts';
import { getSubscriberByEmail } from '../../src/store/subscribers.ts';

for (const database of testDatabases()) {
  test(`${database.name}: profile name and digest preferences are set from /settings`, async () => {
    const { db, close } = await database.open();
    try {
      const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', TRUST_PROXY: '1' }) });
      const signIn = async (email: string) => {
        const user = await findOrCreateUser(db, email, 'member', null);
        const secret = newSecret();
        await insertSession(db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 60_000 });
        const client = new WebClient(app, email);
        client.cookies.set('pb_session', secret);
        return client;
      };
      const ada = await signIn('ada@example.org');
      await signIn('bob@example.org');
      const page = await ada.get('/settings');
      assert.match(page.html, /<h2 id="profile-title">Profile<\/h2>/);
      assert.match(page.html, /ada@example.org gets no digest/);

      const renamed = await ada.post('/settings/profile', { name: 'Lovelace' });
      assert.equal(renamed.status, 200);
      assert.match(await renamed.text(), /your public name is now lovelace/);
      assert.match((await ada.get('/settings')).html, /Signed in as <strong>lovelace<\/strong>/);
      const taken = await ada.post('/settings/profile', { name: 'bob' });
      assert.equal(taken.status, 409);
      assert.match(await taken.text(), /&quot;bob&quot; is taken by another member/);
      const bad = await ada.post('/settings/profile', { name: 'no spaces!' });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /Public name: name must be 2-30 characters/);

      const weekly = await ada.post('/settings/digest', { action: 'save', frequency: 'weekly', weekday: '1', categories: 'cs.CL', keywords: 'diffusion' });
      assert.equal(weekly.status, 200);
      let sub = await getSubscriberByEmail(db, 'ada@example.org');
      assert.equal(sub?.state, 'confirmed', 'signed in: no confirmation mail needed');
      assert.equal(sub?.frequency, 'weekly');
      assert.equal(sub?.weekday, 1);
      assert.deepEqual(sub?.topics.categories, ['cs.CL']);
      assert.match((await ada.get('/settings')).html, /ada@example.org gets the weekly digest/);
      const wrong = await ada.post('/settings/digest', { action: 'save', frequency: 'hourly' });
      assert.equal(wrong.status, 400);
      assert.equal((await ada.post('/settings/digest', { action: 'stop' })).status, 200);
      sub = await getSubscriberByEmail(db, 'ada@example.org');
      assert.equal(sub?.state, 'unsubscribed');
      // Signed out, the forms send you to sign in.
      const visitor = new WebClient(app, 'visitor');
      assert.equal((await visitor.post('/settings/digest', { action: 'stop' })).status, 303);
    } finally {
      await close();
    }
  });
}
