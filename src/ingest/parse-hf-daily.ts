// Parses Hugging Face `/api/daily_papers?date=` responses (a JSON array of featured papers).
import type { DailyFacts, HfAccount, HfOrganization, HfProfiles, Organization, PaperInput } from '../model.ts';
import { addUnique, canonicalGithubRepo, extractLinks, projectPage } from './extract-links.ts';
import { parseArxivId } from './normalize-id.ts';
import { authorsFrom, cleanName, countFrom, parseTime, unwrap } from './normalize-text.ts';
import { emptyPaper, messageOf, notAnObject, type Parsed } from './parsed.ts';

/** `2025-06-02` from a file name like `2025-06-02.json` or `daily-2025-06-02.json.gz`. */
export function dayFromName(name: string): string | null {
  const m = /(\d{4}-\d{2}-\d{2})(?!.*\d{4}-\d{2}-\d{2})/.exec(name.split('/').pop() ?? '');
  return m ? m[1] : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Papers from a Daily Papers day file. `name` locates rejects and gives the featured day when it
 * contains a date (the API is queried per day, so the file's day is the day it was featured);
 * otherwise the day is taken from `submittedOnDailyAt` or the entry's `publishedAt`.
 */
export function parseHfDaily(text: string, name: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { papers: [], rejects: [{ where: name, reason: `not valid JSON: ${messageOf(err)}` }] };
  }
  return parseHfDailyValue(value, name);
}

export function parseHfDailyValue(value: unknown, name: string): Parsed {
  let entries: unknown[];
  if (Array.isArray(value)) entries = value;
  else if (value && typeof value === 'object' && Array.isArray((value as { data?: unknown }).data)) {
    // Some archives wrap the response as {status, date, count, data}.
    entries = (value as { data: unknown[] }).data;
  } else {
    return { papers: [], rejects: [{ where: name, reason: 'not a Daily Papers response: expected a JSON array of {paper: …} entries' }] };
  }
  const day = dayFromName(name);
  const out: Parsed = { papers: [], rejects: [] };
  entries.forEach((entry, i) => {
    const where = `${name}#entry ${i + 1}`;
    try {
      const reason = notAnObject(entry) ?? hfEntryProblem(entry as Record<string, unknown>);
      if (reason) out.rejects.push({ where, reason });
      else out.papers.push(paperFromHfEntry(entry as Record<string, unknown>, day));
    } catch (err) {
      out.rejects.push({ where, reason: messageOf(err) });
    }
  });
  // A file whose every entry is broken the same way is one problem, reported once for the file.
  if (out.papers.length === 0 && out.rejects.length > 1 && out.rejects.every((r) => r.reason === out.rejects[0].reason)) {
    out.rejects = [{ where: name, reason: `no usable entries: all ${out.rejects.length} entries fail the same way: ${out.rejects[0].reason}` }];
  }
  return out;
}

function hfEntryProblem(entry: Record<string, unknown>): string | null {
  const paper = entry.paper;
  if (!paper || typeof paper !== 'object') return 'entry has no "paper" object';
  const p = paper as Record<string, unknown>;
  if (!str(p.id)) return 'paper has no id';
  if (!parseArxivId(String(p.id))) return `paper id ${JSON.stringify(p.id)} is not an arXiv id`;
  if (!str(p.title) && !str(entry.title)) return 'paper has no title';
  return null;
}

/** An absolute http(s) URL, else null: only such URLs are ever fetched by the figure job. */
function httpUrl(v: unknown): string | null {
  const s = str(v);
  return s && /^https?:\/\/[^\s]+$/i.test(s) ? s : null;
}

function organizationFrom(v: unknown): Organization | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const name = str(o.name);
  // The name becomes part of our avatar URL: keep it to what Hugging Face allows in a handle.
  if (!name || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/.test(name)) return null;
  return { name, fullname: str(o.fullname), avatar: httpUrl(o.avatar) };
}

function paperFromHfEntry(entry: Record<string, unknown>, fileDay: string | null): PaperInput {
  const p = entry.paper as Record<string, unknown>;
  const { id, version } = parseArxivId(String(p.id))!;
  const paper = emptyPaper(id, 'hf-daily');
  paper.version = version;
  paper.title = unwrap(str(p.title) ?? str(entry.title));
  paper.abstract = unwrap(str(p.summary) ?? str(entry.summary));
  paper.authors = authorsFrom(p.authors);
  paper.publishedAt = parseTime(p.publishedAt);
  const links = extractLinks(paper.abstract);
  const repo = str(p.githubRepo) && canonicalGithubRepo(String(p.githubRepo));
  paper.codeUrls = repo ? [repo] : [];
  for (const u of links.codeUrls) addUnique(paper.codeUrls, u);
  const page = str(p.projectPage) && projectPage(String(p.projectPage));
  paper.projectUrls = page ? [page] : [];
  for (const u of links.projectUrls) addUnique(paper.projectUrls, u);
  const submitter = (entry.submittedBy ?? p.submittedOnDailyBy) as Record<string, unknown> | null | undefined;
  const featuredOn =
    fileDay ?? str(p.submittedOnDailyAt)?.slice(0, 10) ?? str(entry.publishedAt)?.slice(0, 10) ?? str(p.publishedAt)?.slice(0, 10);
  if (!featuredOn) throw new Error('entry has no date: no day in the file name, no submittedOnDailyAt or publishedAt');
  const daily: DailyFacts = {
    featuredOn,
    // The entry's submittedBy names the handle `name`; paper.submittedOnDailyBy names it `user`.
    submittedBy: submitter && typeof submitter === 'object' ? str(submitter.user) ?? str(submitter.name) ?? str(submitter.fullname) : null,
    upvotes: countFrom(p.upvotes) ?? 0,
    numComments: countFrom(entry.numComments) ?? 0,
    githubStars: countFrom(p.githubStars),
    aiKeywords: Array.isArray(p.ai_keywords) ? p.ai_keywords.filter((k): k is string => typeof k === 'string') : [],
    aiSummary: str(p.ai_summary),
    hf: hfProfiles(entry, p, submitter),
    thumbnail: httpUrl(entry.thumbnail),
    organization: organizationFrom(entry.organization ?? p.organization),
  };
  paper.daily = daily;
  return paper;
}

const asObject = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** An account object; the handle is `name` in entry.submittedBy and `user` elsewhere. */
function hfAccount(v: unknown): HfAccount | null {
  const o = asObject(v);
  const name = o && (str(o.user) ?? str(o.name));
  if (!o || !name) return null;
  return { id: str(o._id), name, fullname: str(o.fullname), avatarUrl: str(o.avatarUrl), type: str(o.type) };
}

/** The same person described twice (entry.submittedBy, paper.submittedOnDailyBy): each fills the other's gaps. */
function mergeAccounts(a: HfAccount | null, b: HfAccount | null): HfAccount | null {
  if (!a || !b || a.name !== b.name) return a ?? b;
  return { id: a.id ?? b.id, name: a.name, fullname: a.fullname ?? b.fullname, avatarUrl: a.avatarUrl ?? b.avatarUrl, type: a.type ?? b.type };
}

function hfOrganization(v: unknown): HfOrganization | null {
  const o = asObject(v);
  const name = o && str(o.name);
  if (!o || !name) return null;
  return { id: str(o._id), name, fullname: str(o.fullname), avatar: str(o.avatar) };
}

/** The account facts of an entry, or null when it names nobody (then nothing is stored for them). */
function hfProfiles(entry: Record<string, unknown>, p: Record<string, unknown>, submitter: unknown): HfProfiles | null {
  const authorAccounts: Record<string, HfAccount> = {};
  if (Array.isArray(p.authors)) {
    for (const a of p.authors) {
      const o = asObject(a);
      // Keyed by the name as stored, so it still matches when arXiv's author list replaces this one.
      const name = o && typeof o.name === 'string' ? cleanName(o.name) : null;
      const account = o && hfAccount(o.user);
      if (name && account) authorAccounts[name] = account;
    }
  }
  const profiles: HfProfiles = {
    submittedAt: str(p.submittedOnDailyAt),
    submitter: mergeAccounts(hfAccount(submitter), hfAccount(p.submittedOnDailyBy)),
    organization: hfOrganization(entry.organization ?? p.organization),
    authorAccounts,
  };
  const empty = !profiles.submittedAt && !profiles.submitter && !profiles.organization && Object.keys(authorAccounts).length === 0;
  return empty ? null : profiles;
}
