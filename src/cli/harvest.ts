// `paperboy harvest [arxiv] [--set cs] [--from DAY] [--until DAY] [--raw] [--max-pages N]` and
// `paperboy harvest hf --date DAY [--until DAY]`: fetch papers from arXiv OAI-PMH or HF Daily Papers.
import type { CommandContext } from './context.ts';
import { UsageError } from '../errors.ts';
import { harvestOai } from '../ingest/oai-harvest.ts';
import { harvestHfDay } from '../ingest/hf-harvest.ts';
import { PoliteClient } from '../ingest/polite-client.ts';
import { createArxivClient } from '../ingest/arxiv-client.ts';
import { openStore } from '../open-store.ts';
import { syncPaperRepos } from '../trending/sync-repos.ts';
import { dayOption, intOption, parseCommandArgs } from './args.ts';

const HELP = `usage: paperboy harvest [arxiv] [--set SET] [--from YYYY-MM-DD] [--until YYYY-MM-DD] [--raw] [--max-pages N]
       paperboy harvest hf --date YYYY-MM-DD [--until YYYY-MM-DD]

arxiv: OAI-PMH ListRecords (metadataPrefix=arXiv, or arXivRaw with --raw), at most one request
       per ARXIV_MIN_INTERVAL_MS (3 s), honouring 503 Retry-After; resumes from the stored token
       after an interruption when run again with the same options.
hf:    Hugging Face Daily Papers for one day, or each day up to --until.
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    set: { type: 'string' },
    from: { type: 'string' },
    until: { type: 'string' },
    date: { type: 'string' },
    raw: { type: 'boolean' },
    'max-pages': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const source = positionals[0] ?? 'arxiv';
  if (positionals.length > 1 || !['arxiv', 'hf'].includes(source)) throw new UsageError(`unknown source ${JSON.stringify(positionals.join(' '))}\n${HELP}`);
  const from = dayOption(values.from, 'from');
  const until = dayOption(values.until, 'until');
  const date = dayOption(values.date, 'date');
  const maxPages = intOption(values['max-pages'], 'max-pages', 0, 0);
  if (source === 'hf' && !date) throw new UsageError('harvest hf needs --date YYYY-MM-DD');
  const db = await openStore(ctx.config);
  try {
    if (source === 'arxiv') {
      const client = createArxivClient(ctx.config);
      const s = await harvestOai(db, client, {
        baseUrl: ctx.config.arxiv.oaiUrl,
        set: values.set,
        from,
        until,
        metadataPrefix: values.raw ? 'arXivRaw' : 'arXiv',
        maxPages,
        onPage: (p) => ctx.stderr.write(`harvest: page ${p.pages}, ${p.records} records, ${p.new} new, ${p.updated} updated\n`),
      });
      await syncPaperRepos(db);
      for (const r of s.rejects) ctx.stdout.write(`rejected ${r.where}: ${r.reason}\n`);
      if (s.resumed) ctx.stdout.write('resumed from the stored resumption token\n');
      if (s.stoppedBecause) ctx.stdout.write(`stopped: ${s.stoppedBecause}\n`);
      ctx.stdout.write(`harvested ${s.records} papers in ${s.pages} pages: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejects.length} rejected\n`);
      return 0;
    }
    const client = new PoliteClient({ minIntervalMs: 1000, jitterMs: 250 });
    const totals = { read: 0, new: 0, updated: 0, unchanged: 0, rejected: 0 };
    for (const day of daysFrom(date!, until ?? date!)) {
      const s = await harvestHfDay(db, client, ctx.config.huggingFace.apiUrl, day);
      for (const r of s.rejects) ctx.stdout.write(`rejected ${r.where}: ${r.reason}\n`);
      totals.read += s.read;
      totals.new += s.new;
      totals.updated += s.updated;
      totals.unchanged += s.unchanged;
      totals.rejected += s.rejects.length;
      ctx.stderr.write(`harvest: ${day}: ${s.read} papers\n`);
    }
    await syncPaperRepos(db);
    ctx.stdout.write(`harvested ${totals.read} papers: ${totals.new} new, ${totals.updated} updated, ${totals.unchanged} unchanged, ${totals.rejected} rejected\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** Each YYYY-MM-DD from `from` to `until`, inclusive. */
export function daysFrom(from: string, until: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${until}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
    if (out.length > 3660) throw new UsageError('--until is more than ten years after --date');
  }
  if (out.length === 0) throw new UsageError('--until is before --date');
  return out;
}
