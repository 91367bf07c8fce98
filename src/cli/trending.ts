// `paperboy trending`: the trending list of a window, explained, as text or JSON.
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { UsageError } from '../errors.ts';
import { dayOption, intOption, parseCommandArgs } from './args.ts';
import { loadTrending } from '../trending/listing.ts';
import { syncPaperRepos } from '../trending/sync-repos.ts';
import { recomputeAll } from '../trending/recompute.ts';
import { TRENDING_WINDOWS, type TrendingWindow } from '../trending/score.ts';

const HELP = `usage: paperboy trending [--window day|week|month] [--at YYYY-MM-DD] [--limit N] [--category CAT] [--json]
       paperboy trending --recompute
       paperboy trending report [--weeks N] [--end YYYY-MM-DD]

Lists trending papers with the reason for each ("+312 stars this week · 45 upvotes · 3 days old").
  --at DAY      rank as of the end of that day (UTC)
  --json        a JSON array of {id, title, score, parts}
  --recompute   recompute and store the scores of every window now (what the worker does)
  report        Spearman correlation of our weekly ranking with Hugging Face upvotes
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  if (args[0] === 'report') return (await import('./trending-report.ts')).run(args.slice(1), ctx);
  const { values } = parseCommandArgs(
    args,
    {
      window: { type: 'string', default: 'week' },
      at: { type: 'string' },
      limit: { type: 'string' },
      category: { type: 'string' },
      json: { type: 'boolean' },
      recompute: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    false,
  );
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  if (!TRENDING_WINDOWS.includes(values.window as TrendingWindow)) {
    throw new UsageError(`--window must be day, week or month, got ${JSON.stringify(values.window)}`);
  }
  const window = values.window as TrendingWindow;
  const day = dayOption(values.at, 'at');
  const limit = intOption(values.limit, 'limit', 20, 1, 1000);
  const db = await openStore(ctx.config);
  try {
    if (values.recompute) {
      ctx.stdout.write(`${await recomputeAll(db, Date.now())}\n`);
      return 0;
    }
    await syncPaperRepos(db);
    const list = await loadTrending(db, { window, day, limit, category: values.category, withTotal: false });
    if (list.fellBack) {
      ctx.stderr.write(`nothing trending in the last ${window}; ranking as of the end of ${list.asOf}, the latest day with enough activity\n`);
    }
    if (values.json) {
      const out = list.papers.map((p, i) => ({ id: p.id, title: p.title, score: list.reasons[i]!.score, parts: list.reasons[i]!.parts }));
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    if (list.papers.length === 0) {
      ctx.stdout.write(`no trending papers this ${window} as of ${new Date(list.at).toISOString()}\n`);
      return 0;
    }
    ctx.stdout.write(`trending this ${window}, as of ${new Date(list.at).toISOString().slice(0, 16).replace('T', ' ')} UTC\n\n`);
    list.papers.forEach((paper, i) => {
      const r = list.reasons[i]!;
      ctx.stdout.write(`${String(i + 1).padStart(3)}. ${r.score.toFixed(2).padStart(6)}  ${paper.id}  ${paper.title}\n`);
      ctx.stdout.write(`${' '.repeat(14)}${r.explanation}\n`);
    });
    return 0;
  } finally {
    await db.close();
  }
}
