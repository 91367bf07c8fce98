// An in-process app over a fresh SQLite database holding a few real Hugging Face days (and, on
// request, a hostile paper), for page, API and feed tests.
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import type { PaperInput } from '../../src/model.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { syncPaperRepos } from '../../src/trending/sync-repos.ts';
import { createApp } from '../../src/web/app.ts';
import { suiteTestDatabase } from './db.ts';
import { loadHfDays } from './hf-days.ts';
import { paperInput } from './papers.ts';

/** Four recorded days: Mon 22, Tue 23 and Wed 31 Dec 2025 plus Mon 29; the 24th–28th and 30th are skipped on purpose. */
export const DAYS = ['2025-12-22', '2025-12-23', '2025-12-29', '2025-12-31'];
export const PUBLIC_URL = 'https://papers.example.org';

export const XSS_TITLE = '<script>alert("t")</script> "><img src=x onerror=alert(1)>';
export const XSS_ID = '2512.99999';
/** A paper whose every text field tries to inject markup, and whose links try javascript:. */
export function hostilePaper(): PaperInput {
  return paperInput({
    id: XSS_ID,
    title: XSS_TITLE,
    abstract: 'We show $x<y$ and </p><script>alert("a")</script> "><img src=x onerror=alert(2)> [click](javascript:alert(3))',
    authors: ['<b onmouseover=alert(4)>Mallory</b>', 'Eve "quote" & co'],
    categories: ['cs.CR'],
    primaryCategory: 'cs.CR',
    publishedAt: Date.UTC(2025, 11, 30),
    codeUrls: ['javascript:alert(5)'],
    projectUrls: ['javascript:alert(6)//https://ok.example'],
    comments: '<iframe src=javascript:alert(7)>',
    daily: { featuredOn: '2025-12-31', submittedBy: '<svg onload=alert(8)>', upvotes: 9999, numComments: 0, githubStars: 12, aiKeywords: [], aiSummary: '<script>alert(9)</script>' },
    source: 'hf-daily',
  });
}

export interface WebFixture {
  app: ReturnType<typeof createApp>;
  db: Db;
  close(): Promise<void>;
}

export async function openWebFixture(opts: { hostile?: boolean; days?: string[] } = {}): Promise<WebFixture> {
  const opened = await suiteTestDatabase().open();
  await loadHfDays(opened.db, opts.days ?? DAYS);
  if (opts.hostile) {
    await upsertPapers(opened.db, [hostilePaper()]);
    await syncPaperRepos(opened.db);
  }
  const app = createApp({ db: opened.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL }) });
  return { app, db: opened.db, close: opened.close };
}
