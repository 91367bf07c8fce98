// Hugging Face's own Python client (huggingface_hub 2.0.0) against our API on the demo corpus:
// every paper method of HfApi, with the values it parsed checked against the recorded Hugging
// Face responses the corpus was built from. CI installs the client (.ci/run).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { testDatabases } from '../helpers/db.ts';
import { recordedDays, startDemoServer, type DemoServer, type RecordedItem } from '../helpers/demo-server.ts';

const SCRIPT = new URL('./hf_client_calls.py', import.meta.url).pathname;

function clientMissing(): string | false {
  const probe = spawnSync('python3', ['-c', 'import huggingface_hub; print(huggingface_hub.__version__)'], { encoding: 'utf8' });
  if (probe.error) return 'python3 is not installed: the huggingface_hub compatibility test needs it';
  if (probe.status !== 0) return 'huggingface_hub is not installed: pip install huggingface-hub==2.0.0';
  return false;
}
const skip = clientMissing();

// Facts of the demo corpus: its last day, a submitter with papers on several days, a paper
// whose organization and submitter profile Hugging Face recorded, one with claimed authors.
const LAST_DAY = '2025-12-31';
const SUBMITTER = 'CheeryLJH';
const PAPER = '2512.22525';
const CLAIMED = '2512.17504';

type Dt = { datetime: string };
interface ClientUser { username: string; fullname: string; avatar_url: string; user_type: string | null; name?: string; _id?: string }
interface ClientPaper {
  id: string;
  title: string;
  summary: string;
  upvotes: number;
  comments: number;
  authors: { name: string; hidden: boolean; user: ClientUser | null }[];
  published_at: Dt | null;
  submitted_at: Dt | null;
  submitted_by: ClientUser | null;
  organization: { name: string; fullname: string } | null;
  github_repo: string | null;
  github_stars: number | null;
  ai_keywords: string[] | null;
  ai_summary: string | null;
  project_page: string | null;
}
interface ClientRun {
  daily_latest: ClientPaper[];
  daily_date: ClientPaper[];
  daily_week_page: ClientPaper[];
  daily_month_by_date: ClientPaper[];
  daily_submitter: ClientPaper[];
  paper: ClientPaper;
  paper_versioned: ClientPaper;
  paper_claimed: ClientPaper;
  paper_missing_status: number | null;
  search: ClientPaper[];
  search_no_query: ClientPaper[];
  markdown: string;
  bad_date_status: number | null;
}

/** Each paper's recorded item from the last day it was featured (what the store keeps). */
function recordedById(): Map<string, { day: string; item: RecordedItem }> {
  const byId = new Map<string, { day: string; item: RecordedItem }>();
  for (const [day, items] of recordedDays()) for (const item of items) byId.set(item.paper.id, { day, item });
  return byId;
}

const ids = (papers: ClientPaper[]) => papers.map((p) => p.id);

for (const database of skip ? [] : testDatabases()) {
  describe(`huggingface_hub HfApi against the demo server on ${database.name}`, () => {
    let server: DemoServer;
    let run: ClientRun;
    const recorded = recordedById();
    const json = async (path: string) => (await fetch(server.url + path)).json();

    before(async () => {
      server = await startDemoServer(database);
      const { stdout } = await promisify(execFile)('python3', [SCRIPT, server.url, SUBMITTER, PAPER, CLAIMED], { maxBuffer: 64 << 20 });
      run = JSON.parse(stdout);
    });
    after(async () => server?.close());

    it('list_daily_papers(date=) gives the recorded day: ids in upvote order, titles, upvotes, authors, submitter, organization, dates', () => {
      const day = recordedDays().get(LAST_DAY)!;
      assert.deepEqual(ids(run.daily_date), day.map((i) => i.paper.id), 'same papers in the same order as Hugging Face');
      for (const [i, got] of run.daily_date.entries()) {
        const want = day[i]!;
        assert.equal(got.title, want.paper.title);
        assert.equal(got.upvotes, want.paper.upvotes);
        assert.equal(got.comments, want.numComments);
        assert.deepEqual(got.authors.map((a) => [a.name, a.hidden]), want.paper.authors.map((a) => [a.name, a.hidden]));
        assert.equal(got.submitted_by!.name, want.submittedBy.name);
        assert.equal(got.submitted_by!.fullname, want.submittedBy.fullname);
        assert.equal(got.submitted_by!._id, want.submittedBy._id);
        assert.equal(got.submitted_by!.user_type, want.submittedBy.type);
        assert.equal(got.submitted_by!.avatar_url, new URL(want.submittedBy.avatarUrl, 'https://huggingface.co').href);
        assert.equal(got.organization?.name ?? null, want.organization?.name ?? null);
        assert.equal(got.organization?.fullname ?? null, want.organization?.fullname ?? null);
        // The client reads these at the top level, where a daily_papers item (ours as Hugging
        // Face's) has none: None here as against Hugging Face; paper_info carries them.
        assert.deepEqual([got.github_repo, got.github_stars, got.ai_keywords], [null, null, null]);
        assert.match(got.published_at!.datetime, /^\d{4}-\d{2}-\d{2}T/, 'parsed as a datetime');
        assert.match(got.submitted_at!.datetime, /^\d{4}-\d{2}-\d{2}T/);
      }
      assert.deepEqual(ids(run.daily_latest), ids(run.daily_date), 'no date: the latest day with papers');
    });

    it('list_daily_papers(week=, limit=, p=) and (month=, sort=publishedAt) page and sort like the JSON API', async () => {
      const res = await fetch(`${server.url}/api/daily_papers?week=2025-W52&limit=20`);
      const total = Number(res.headers.get('x-total-count'));
      assert.ok(total > 20, 'the week fills more than one page');
      assert.equal(run.daily_week_page.length, Math.min(20, total - 20));
      const page1 = (await json('/api/daily_papers?week=2025-W52&limit=20&p=1')) as { paper: { id: string } }[];
      assert.deepEqual(ids(run.daily_week_page), page1.map((i) => i.paper.id));
      const page0 = ((await res.json()) as { paper: { id: string } }[]).map((i) => i.paper.id);
      assert.equal(ids(run.daily_week_page).filter((id) => page0.includes(id)).length, 0, 'page 1 does not repeat page 0');
      const dates = run.daily_month_by_date.map((p) => p.published_at!.datetime);
      assert.equal(dates.length, 5);
      assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    });

    it('list_daily_papers(submitter=) gives exactly that submitter\'s papers, across days', () => {
      const want = [...recorded.values()].filter((r) => r.item.submittedBy.name === SUBMITTER);
      assert.ok(new Set(want.map((r) => r.day)).size > 1, 'the submitter has papers on several days');
      assert.deepEqual(ids(run.daily_submitter).sort(), want.map((r) => r.item.paper.id).sort());
      for (const p of run.daily_submitter) assert.equal(p.submitted_by!.name, SUBMITTER);
    });

    it('paper_info returns the paper with author objects, submitter profile, organization and dates', () => {
      const { item } = recorded.get(PAPER)!;
      const p = run.paper;
      assert.equal(p.id, PAPER);
      assert.equal(p.title, item.paper.title);
      assert.equal(p.upvotes, item.paper.upvotes);
      assert.equal(p.comments, item.numComments);
      assert.deepEqual(p.authors.map((a) => a.name), item.paper.authors.map((a) => a.name));
      assert.equal(p.submitted_by!.username, item.submittedBy.name, 'submittedOnDailyBy names the handle `user`');
      assert.equal(p.submitted_by!.fullname, item.submittedBy.fullname);
      assert.equal(p.organization!.name, item.organization!.name);
      assert.equal(p.submitted_at!.datetime, '2025-12-31T01:36:44.468000+00:00', 'the exact time Hugging Face recorded');
      assert.match(p.published_at!.datetime, /^2025-12-/);
      assert.equal(run.paper_versioned.id, PAPER, 'a version suffix is ignored');
      const claimed = recorded.get(CLAIMED)!.item.paper.authors as { name: string; user?: { user: string; fullname: string } }[];
      const wantClaimed = claimed.filter((a) => a.user).map((a) => [a.name, a.user!.user, a.user!.fullname]);
      assert.ok(wantClaimed.length > 0);
      const c = recorded.get(CLAIMED)!.item.paper as RecordedItem['paper'] & { ai_summary: string; projectPage: string };
      assert.deepEqual(
        [run.paper_claimed.github_repo, run.paper_claimed.github_stars, run.paper_claimed.ai_keywords, run.paper_claimed.ai_summary, run.paper_claimed.project_page],
        [c.githubRepo, c.githubStars, c.ai_keywords, c.ai_summary, c.projectPage],
      );
      assert.deepEqual(run.paper_claimed.authors.filter((a) => a.user).map((a) => [a.name, a.user!.username, a.user!.fullname]), wantClaimed);
      assert.equal(run.paper_missing_status, 404);
      assert.equal(run.bad_date_status, 400);
    });

    it('list_papers(query=, limit=) returns the same papers as our search, and read_paper the Markdown', async () => {
      assert.equal(run.search.length, 3);
      assert.equal(run.search[0]!.id, PAPER, 'the paper about scribble-based editing comes first');
      const rich = (await json('/api/search?q=scribble+editing&limit=3')) as { papers: { id: string; title: string }[] };
      assert.deepEqual(ids(run.search), rich.papers.map((p) => p.id));
      assert.deepEqual(run.search.map((p) => p.title), rich.papers.map((p) => p.title));
      assert.deepEqual(ids(run.search_no_query), ids(run.daily_date).slice(0, 2), 'no query: the latest day\'s papers');
      assert.ok(run.markdown.startsWith(`# ${recorded.get(PAPER)!.item.paper.title}`));
    });
  });
}

if (skip) describe('huggingface_hub compatibility', () => it('needs the real client', { skip }, () => {}));
