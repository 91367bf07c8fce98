// Step 3 of a run, compose: for a claimed batch, settle the rows that get no mail (unsubscribed,
// suppressed, nothing new for their topics) and compose the others' mails, with fresh manage and
// unsubscribe links whose tokens are stored before any mail leaves.
import type { Config } from '../config.ts';
import type { ClaimedRow } from '../store/digests.ts';
import * as store from '../store/digests.ts';
import { insertSubscriberTokens, listSubscribersForSending, type TokenRow } from '../store/subscribers.ts';
import type { createDigestRenderer } from './compose.ts';
import type { PaperChooser } from './send-choose.ts';
import type { Prepared, RunContext } from './send-run.ts';
import { issueToken, MANAGE_TOKEN_TTL_MS, UNSUBSCRIBE_TOKEN_TTL_MS } from './tokens.ts';

/** Link targets for one message: fresh manage and unsubscribe tokens (only their hashes are stored). */
function linksFor(config: Config, subscriberId: number, expiresFrom: number) {
  const manage = issueToken();
  const unsub = issueToken();
  const tokens: TokenRow[] = [
    { hash: manage.hash, subscriberId, purpose: 'manage', expiresAt: expiresFrom + MANAGE_TOKEN_TTL_MS },
    { hash: unsub.hash, subscriberId, purpose: 'unsubscribe', expiresAt: expiresFrom + UNSUBSCRIBE_TOKEN_TTL_MS },
  ];
  const links = {
    manageUrl: `${config.publicUrl}/subscription/${manage.token}`,
    unsubscribeUrl: `${config.publicUrl}/unsubscribe/${unsub.token}`,
    unsubscribeMailto: `mailto:${config.digest.unsubscribeMailto}?subject=unsubscribe-${unsub.token}`,
  };
  return { tokens, links };
}

/** The batch's mails to deliver; rows that get none are marked final here. */
export async function composeBatch(
  ctx: RunContext,
  claimed: ClaimedRow[],
  chooser: PaperChooser,
  renderer: ReturnType<typeof createDigestRenderer>,
): Promise<Prepared[]> {
  const { db, now } = ctx;
  const subscribers = new Map((await listSubscribersForSending(db, claimed.map((c) => c.subscriberId))).map((s) => [s.id, s]));
  const sendable = [...subscribers.values()].filter((s) => s.state === 'confirmed' && !s.suppressed);
  const chosen = await chooser.choosePapers(sendable);
  const personal = await chooser.forYouSections(sendable.filter((s) => (chosen.get(s.id)?.length ?? 0) > 0), chosen);
  const final = { skipped: [] as number[], suppressed: [] as number[], empty: [] as number[] };
  const prepared: Prepared[] = [];
  const tokens: TokenRow[] = [];
  for (const row of claimed) {
    const s = subscribers.get(row.subscriberId);
    if (!s || s.state !== 'confirmed') final.skipped.push(row.id);
    else if (s.suppressed) final.suppressed.push(row.id);
    else {
      const papers = chosen.get(s.id) ?? [];
      if (papers.length === 0) final.empty.push(row.id);
      else {
        const made = linksFor(ctx.config, s.id, now());
        tokens.push(...made.tokens);
        prepared.push({ row, subscriber: s, papers, mail: renderer.compose(papers, made.links, personal.get(s.id)) });
      }
    }
  }
  await db.transaction(async (tx) => {
    await store.markOutboxFinal(tx, final.skipped, 'skipped', 'no longer subscribed', null);
    await store.markOutboxFinal(tx, final.suppressed, 'suppressed', 'address is on the suppression list', null);
    await store.markOutboxFinal(tx, final.empty, 'empty', null, null);
    // Tokens are stored before the mail leaves, so every link in every delivered mail works.
    await insertSubscriberTokens(tx, tokens, now());
  });
  return prepared;
}
