// `paperboy import PATH... [--format F] [--json]`: import files, directories, .gz or - (stdin).
import type { CommandContext } from './context.ts';
import { UsageError } from '../errors.ts';
import { FORMATS, isFormatName } from '../ingest/detect-format.ts';
import { syncPaperRepos } from '../trending/sync-repos.ts';
import { importPaths, type ImportProgress, type ImportSummary } from '../ingest/import.ts';
import { openStore } from '../open-store.ts';
import { refreshPlannerStatistics, STATISTICS_AFTER_PAPERS } from '../store/bulk-load.ts';
import { parseCommandArgs } from './args.ts';

const HELP = `usage: paperboy import PATH... [--format F] [--json]

Imports papers from files, directories (recursively), .gz files and - (stdin).
Formats are detected from content; --format forces one of: ${FORMATS.join(', ')}.
Exit code: 0 everything imported; 3 finished, but some input was rejected (listed);
1 failed (a missing path, the database); 2 bad arguments.
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`give at least one PATH (or - for stdin)\n${HELP}`);
  if (values.format !== undefined && !isFormatName(values.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
  }
  const db = await openStore(ctx.config);
  const progress = progressReporter(ctx.stderr);
  let summary: ImportSummary;
  try {
    summary = await importPaths(db, positionals, {
      format: values.format as (typeof FORMATS)[number] | undefined,
      stdin: ctx.stdin,
      onProgress: progress.update,
    });
    // New papers' code links and Hugging Face counts feed trending at once, not at the next recompute.
    if (summary.new + summary.updated > 0) await syncPaperRepos(db);
    if (summary.new + summary.updated >= STATISTICS_AFTER_PAPERS) await refreshPlannerStatistics(db);
  } finally {
    progress.done();
    await db.close();
  }
  for (const r of summary.rejects) ctx.stdout.write(`rejected ${r.where}: ${r.reason}\n`);
  if (summary.rejected > summary.rejects.length) ctx.stdout.write(`… and ${summary.rejected - summary.rejects.length} more rejects\n`);
  for (const m of summary.mergedIds) ctx.stdout.write(`merged ${m.id}: ${m.records} records in this import had this id\n`);
  const unlisted = summary.merged - summary.mergedIds.reduce((n, m) => n + m.records - 1, 0);
  if (unlisted > 0) ctx.stdout.write(`… and ${unlisted} more merged records\n`);
  const { read, new: created, updated, unchanged, rejected, merged } = summary;
  if (values.json) ctx.stdout.write(`${JSON.stringify({ read, new: created, updated, unchanged, rejected, merged })}\n`);
  else {
    const mergedNote = merged ? ` (${merged} merged into a paper read earlier in this import)` : '';
    ctx.stdout.write(`imported ${read} papers${mergedNote}: ${created} new, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected\n`);
  }
  for (const failed of summary.failedInputs) ctx.stderr.write(`paperboy import: ${failed}\n`);
  // Whatever was refused (a record, a whole file: empty, binary, an XML bomb, bad UTF-8, a cut
  // .gz), the run says so the same way; 1 stays for a run that failed outright.
  return rejected > 0 || summary.failedInputs.length > 0 ? EXIT_SOME_REJECTED : 0;
}

/** Exit code of an import that finished but refused some input (each refusal listed above the summary). */
export const EXIT_SOME_REJECTED = 3;

/** A redrawn bar on a terminal; elsewhere one line every 5 s, so logs of long imports show life. */
function progressReporter(out: CommandContext['stderr']) {
  const tty = !!out.isTTY;
  let last = Date.now();
  let drawn = false;
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      if (now - last < (tty ? 100 : 5000)) return;
      last = now;
      const counts = `${p.read} read, ${p.new} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.rejected} rejected`;
      if (tty) {
        const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
        const width = 24;
        const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
        out.write(`\r[${bar}] ${(frac * 100).toFixed(0).padStart(3)}%  file ${p.files}/${p.filesTotal}  ${counts}\x1b[K`);
        drawn = true;
      } else {
        out.write(`import: file ${p.files}/${p.filesTotal}, ${counts}\n`);
      }
    },
    done() {
      if (drawn) out.write('\r\x1b[K');
    },
  };
}
