// `paperboy trending report`: week-by-week Spearman ρ between our ranking and Hugging Face upvotes.
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { dayOption, intOption, parseCommandArgs } from './args.ts';
import { syncPaperRepos } from '../trending/sync-repos.ts';
import { compareWithUpvotes } from '../trending/report.ts';
import { getLatestActivityAt } from '../store/repos.ts';
import { InputError } from '../errors.ts';

const fmt = (x: number | null) => (x === null ? '   –  ' : x.toFixed(3).padStart(6));

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { weeks: { type: 'string' }, end: { type: 'string' }, json: { type: 'boolean' } }, false);
  const weeks = intOption(values.weeks, 'weeks', 10, 1, 200);
  const db = await openStore(ctx.config);
  try {
    await syncPaperRepos(db);
    let end = dayOption(values.end, 'end');
    if (!end) {
      const latest = await getLatestActivityAt(db);
      if (latest === null) throw new InputError('no Hugging Face Daily Papers in the database: import some first (paperboy import …)');
      end = new Date(latest).toISOString().slice(0, 10);
    }
    const report = await compareWithUpvotes(db, end, weeks);
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    ctx.stdout.write('week (featured)            papers  ρ(score,upvotes)  ρ(stars,upvotes)  top-10 overlap\n');
    for (const w of report) {
      ctx.stdout.write(`${w.from} … ${w.to}  ${String(w.papers).padStart(6)}  ${fmt(w.rho).padStart(16)}  ${fmt(w.rhoStars).padStart(16)}  ${String(w.top10Overlap).padStart(14)}\n`);
    }
    const rhos = report.map((w) => w.rho).filter((x): x is number => x !== null).sort((a, b) => a - b);
    if (rhos.length) ctx.stdout.write(`\nmedian ρ(score, upvotes) over ${rhos.length} weeks: ${rhos[Math.floor((rhos.length - 1) / 2)].toFixed(3)}\n`);
    ctx.stdout.write('\nlargest disagreements (our rank vs Hugging Face upvote rank):\n');
    for (const w of report) {
      if (w.weAreHigher) ctx.stdout.write(`  ${w.to}  we #${w.weAreHigher.ours}, HF #${w.weAreHigher.theirs}: ${w.weAreHigher.id} ${w.weAreHigher.title}\n`);
      if (w.weAreLower) ctx.stdout.write(`  ${w.to}  we #${w.weAreLower.ours}, HF #${w.weAreLower.theirs}: ${w.weAreLower.id} ${w.weAreLower.title}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
