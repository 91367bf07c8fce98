// One subscriber's next digest, composed exactly as `send` would but recorded nowhere (for `digest preview`).
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import type { DigestPeriod } from '../model.ts';
import { listSentPaperIds } from '../store/digests.ts';
import { getSubscriberByEmail } from '../store/subscribers.ts';
import { loadDigestCandidates } from './candidates.ts';
import { createDigestRenderer, selectDigestPapers, type ComposedDigest } from './compose.ts';
import { digestWindow } from './schedule.ts';
import { NO_TOPICS, parseEmail } from './topics.ts';

/** The digest, or null when it would be empty. Links carry a placeholder token that works nowhere. */
export async function previewDigest(db: Db, config: Config, rawEmail: string, period: DigestPeriod | null, dueOn: string): Promise<ComposedDigest | null> {
  let email: string;
  try {
    email = parseEmail(rawEmail);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const sub = await getSubscriberByEmail(db, email);
  const p = period ?? sub?.frequency ?? 'daily';
  const candidates = await loadDigestCandidates(db, digestWindow(p, dueOn, config.digest.weekends));
  const sent = sub ? await listSentPaperIds(db, [sub.id], candidates.map((c) => c.id)) : [];
  const papers = selectDigestPapers(candidates, sub?.topics ?? NO_TOPICS, new Set(sent.map((s) => s.paperId)), config.digest.maxPapers);
  if (papers.length === 0) return null;
  const renderer = createDigestRenderer({ publicUrl: config.publicUrl, period: p, dueOn });
  return renderer.compose(papers, {
    manageUrl: `${config.publicUrl}/subscribe`,
    unsubscribeUrl: `${config.publicUrl}/unsubscribe/preview`,
    unsubscribeMailto: `mailto:${config.digest.unsubscribeMailto}?subject=unsubscribe-preview`,
  });
}
