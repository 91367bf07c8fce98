// Loads recorded Hugging Face daily_papers days into a test database (a minimal reader for web
// tests; the ingest feature's importer is the real one).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/db/db.ts';
import type { PaperInput } from '../../src/model.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { syncPaperRepos } from '../../src/rank/sync-repos.ts';
import { paperInput } from './papers.ts';
import { sharedData } from './db.ts';

interface HfItem {
  paper: {
    id: string;
    title: string;
    summary: string;
    authors: { name: string }[];
    publishedAt: string;
    upvotes: number;
    githubRepo?: string;
    githubStars?: number;
    projectPage?: string;
    ai_summary?: string;
    ai_keywords?: string[];
  };
  numComments: number;
  submittedBy?: { name: string };
  thumbnail?: string;
  organization?: { name: string; fullname?: string; avatar?: string };
}

export function hfDayInputs(day: string): PaperInput[] {
  const items: HfItem[] = JSON.parse(readFileSync(join(sharedData, 'hf-daily-papers', `${day}.json`), 'utf8'));
  return items.map((item) =>
    paperInput({
      id: item.paper.id,
      title: item.paper.title,
      abstract: item.paper.summary,
      authors: item.paper.authors.map((a) => a.name),
      publishedAt: Date.parse(item.paper.publishedAt),
      codeUrls: item.paper.githubRepo ? [item.paper.githubRepo] : [],
      projectUrls: item.paper.projectPage ? [item.paper.projectPage] : [],
      source: 'hf-daily',
      daily: {
        featuredOn: day,
        submittedBy: item.submittedBy?.name ?? null,
        upvotes: item.paper.upvotes,
        numComments: item.numComments,
        githubStars: item.paper.githubStars ?? null,
        aiKeywords: item.paper.ai_keywords ?? [],
        aiSummary: item.paper.ai_summary ?? null,
        thumbnail: item.thumbnail ?? null,
        organization: item.organization ? { name: item.organization.name, fullname: item.organization.fullname ?? null, avatar: item.organization.avatar ?? null } : null,
      },
    }),
  );
}

/** Upserts the given recorded days; returns how many papers went in. */
export async function loadHfDays(db: Db, days: string[]): Promise<number> {
  const inputs = days.flatMap(hfDayInputs);
  await upsertPapers(db, inputs);
  // As an import does: link code repositories and Hugging Face counts, which trending ranks on.
  await syncPaperRepos(db);
  return inputs.length;
}
