// Builders for digest tests: featured papers and confirmed subscribers, written through the store.
import type { Db } from '../../src/db/db.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { confirmSubscriber, insertPendingSubscriber, type Preferences } from '../../src/store/subscribers.ts';
import type { Topics } from '../../src/model.ts';
import { paperInput } from './papers.ts';

export const NO_TOPICS: Topics = { categories: [], keywords: [], query: null };

/** `n` papers featured on Daily Papers on `day`, ids `${prefix}.0001`…, more upvotes first. */
export async function seedFeaturedPapers(db: Db, day: string, n: number, prefix = '2512', extra: (i: number) => object = () => ({})): Promise<string[]> {
  const inputs = Array.from({ length: n }, (_, i) =>
    paperInput({
      id: `${prefix}.${String(i + 1).padStart(5, '0')}`,
      title: `Paper ${prefix}-${i + 1} about ${i % 2 ? 'diffusion models' : 'language agents'}`,
      abstract: `An abstract for paper ${i + 1}.`,
      authors: ['Ada Lovelace', 'Alan Turing'],
      categories: [i % 2 ? 'cs.CV' : 'cs.CL'],
      source: 'hf-daily',
      publishedAt: Date.parse(`${day}T00:00:00Z`) - 86_400_000,
      daily: { featuredOn: day, submittedBy: 'akhaliq', upvotes: 100 - i, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null },
      ...extra(i),
    }),
  );
  await upsertPapers(db, inputs);
  return inputs.map((p) => p.id);
}

export async function seedConfirmedSubscribers(db: Db, n: number, prefs: Partial<Preferences> = {}, domain = 'example.org'): Promise<string[]> {
  const emails: string[] = [];
  for (let i = 1; i <= n; i++) {
    const email = `reader${i}@${domain}`;
    const id = await insertPendingSubscriber(db, email, { frequency: 'daily', weekday: null, topics: NO_TOPICS, ...prefs }, 1);
    await confirmSubscriber(db, id!, 2);
    emails.push(email);
  }
  return emails;
}

/** How many messages each recipient received. */
export function countByRecipient(received: { to: string[] }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of received) for (const to of r.to) m.set(to, (m.get(to) ?? 0) + 1);
  return m;
}
