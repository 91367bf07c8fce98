// SQL for the other paper listings pages and feeds need: a category's newest papers, papers
// sharing a category (the "similar papers" fallback), and a plain substring search fallback.
import { sql, raw, type Db, type Sql } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { rowToPaper, type PaperRow } from './papers.ts';

/**
 * Undated papers last on both databases. SQLite already sorts NULLs last in DESC order, and
 * spelling it out there makes it sort instead of walking paper_categories_by_date (3x slower).
 */
function nullsLast(db: Db) {
  return raw(db.dialect === 'postgres' ? ' NULLS LAST' : '');
}

/** A category's newest papers (one index range on paper_categories_by_date). */
export async function listCategoryPapers(db: Db, category: string, limit: number): Promise<Paper[]> {
  const rows = await db.all<PaperRow>(sql`SELECT p.* FROM paper_categories c JOIN papers p ON p.id = c.paper_id
    WHERE c.category = ${category} AND p.hidden_at IS NULL ORDER BY c.published_at DESC${nullsLast(db)}, c.paper_id DESC LIMIT ${limit}`);
  return rows.map(rowToPaper);
}

/**
 * Newest papers of the same primary category, excluding the paper itself: what the paper page
 * shows as related papers when no search service is configured.
 */
export async function listSameCategoryPapers(db: Db, paper: Paper, limit: number): Promise<Paper[]> {
  const category = paper.primaryCategory ?? paper.categories[0];
  if (!category) return [];
  const rows = await db.all<PaperRow>(sql`SELECT p.* FROM paper_categories c JOIN papers p ON p.id = c.paper_id
    WHERE c.category = ${category} AND c.paper_id <> ${paper.id} AND p.hidden_at IS NULL
    ORDER BY c.published_at DESC${nullsLast(db)}, c.paper_id DESC LIMIT ${limit}`);
  return rows.map(rowToPaper);
}

/**
 * Papers whose title contains every word of the query, newest first: the saved-search feed's
 * fallback when the search service is not available, and search's while its index is being
 * built. A full scan, bounded by LIMIT; the search service replaces it.
 */
export async function listPapersMatchingTitle(db: Db, words: readonly string[], limit: number, offset = 0): Promise<Paper[]> {
  if (words.length === 0) return [];
  let where = sql`hidden_at IS NULL`;
  for (const w of words.slice(0, 8)) {
    const pattern = `%${w.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where = sql`${where} AND LOWER(title) LIKE ${pattern} ESCAPE '\\'`;
  }
  const rows = await db.all<PaperRow>(sql`SELECT * FROM papers WHERE ${where}
    ORDER BY published_at DESC NULLS LAST, id DESC LIMIT ${limit} OFFSET ${offset}`);
  return rows.map(rowToPaper);
}

/**
 * listSameCategoryPapers's choice as a fragment for a page's one statement (store/page-reads.ts),
 * for a paper known by id only: the ids (`paper_id`) and places (`n`, from 1) of the newest
 * visible papers of its primary category. None when it has no primary category (listSameCategoryPapers
 * then uses its first category, which the store does not hold apart from the JSON list).
 */
export function sameCategoryChoice(db: Db, id: string, limit: number): Sql {
  const order = sql`published_at DESC${nullsLast(db)}, paper_id DESC`;
  return sql`SELECT paper_id, ROW_NUMBER() OVER (ORDER BY ${order}) AS n FROM (
      SELECT c.paper_id, c.published_at FROM paper_categories c JOIN papers p ON p.id = c.paper_id
      WHERE c.category = (SELECT primary_category FROM papers WHERE id = ${id}) AND c.paper_id <> ${id} AND p.hidden_at IS NULL
      ORDER BY c.published_at DESC${nullsLast(db)}, c.paper_id DESC LIMIT ${limit}) chosen`;
}
