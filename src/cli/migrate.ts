// `paperboy migrate`: apply pending migrations and say which ran.
import type { CommandContext } from './context.ts';
import { openDb, redactUrl } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';

export async function run(_args: string[], ctx: CommandContext): Promise<number> {
  const db = await openDb(ctx.config.databaseUrl);
  try {
    const applied = await migrate(db);
    ctx.stdout.write(
      applied.length ? `applied migrations ${applied.join(', ')} to ${redactUrl(ctx.config.databaseUrl)}\n` : 'database is up to date\n',
    );
    return 0;
  } finally {
    await db.close();
  }
}
