// `paperboy backup PATH`: a consistent copy of the SQLite store while the server keeps running.
import { existsSync } from 'node:fs';
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { backupSqlite } from '../db/backup.ts';
import { redactUrl } from '../db/db.ts';
import { UsageError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';

const HELP = `usage: paperboy backup PATH

Copies the SQLite database (DATABASE_URL) to PATH with SQLite's online backup API: safe while
serve and workers are running. PATH must not exist yet. For PostgreSQL use pg_dump (README).
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('give one PATH to write the backup to');
  const [path] = positionals;
  if (!ctx.config.databaseUrl.startsWith('sqlite:')) {
    throw new UsageError(
      `backup copies SQLite databases; for PostgreSQL run: pg_dump --format=custom --file=${path} "${redactUrl(ctx.config.databaseUrl)}" (see README, Operations)`,
    );
  }
  if (existsSync(path)) throw new UsageError(`${path} already exists: remove it or choose another path`);
  const db = await openStore(ctx.config);
  try {
    const started = Date.now();
    const result = await backupSqlite(db, path);
    ctx.stdout.write(
      `backed up ${redactUrl(ctx.config.databaseUrl)} to ${path}: ${result.pages} pages, ${(result.bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s (integrity checked)\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
