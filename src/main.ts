// Entry point: `bin/paperboy <command> [args]` → the command's module in src/cli/.
import { loadConfig, ConfigError, type Config } from './config.ts';
import { InputError, UsageError } from './errors.ts';
import type { Command, CommandContext } from './cli/context.ts';

/** Every command, loaded only when used so `paperboy search` does not pay for the web server. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  serve: { summary: 'serve the web site, JSON API and feeds', load: () => import('./cli/serve.ts') },
  harvest: { summary: 'fetch papers from arXiv OAI-PMH or Hugging Face Daily Papers', load: () => import('./cli/harvest.ts') },
  search: { summary: 'search the catalog: search "QUERY" [--limit N] [--json]', load: () => import('./cli/search.ts') },
  index: { summary: 'search index maintenance: index rebuild [--retrain]', load: () => import('./cli/index.ts') },
  eval: { summary: 'measure search on a BEIR data set: eval DIR [--mode …] [--run FILE]', load: () => import('./cli/eval.ts') },
  import: { summary: 'import papers from files, directories, .gz or - (stdin)', load: () => import('./cli/import.ts') },
  user: { summary: 'add a member or set a role: user add EMAIL --role curator|admin', load: () => import('./cli/user.ts') },
  token: { summary: 'create an API token for a member (printed once): token create EMAIL', load: () => import('./cli/token.ts') },
  trending: { summary: 'list trending papers, explained (--window, --at, --json; report)', load: () => import('./cli/trending.ts') },
  worker: { summary: 'run scheduled and queued jobs (star refresh, trending recompute)', load: () => import('./cli/worker.ts') },
  digest: { summary: 'send the due email digest (send) or print one subscriber\'s (preview)', load: () => import('./cli/digest.ts') },
  backup: { summary: 'copy the SQLite database while it is in use: backup PATH', load: () => import('./cli/backup.ts') },
  mcp: { summary: 'serve the MCP tools (search, papers, trending, daily) over stdio for an agent', load: () => import('./cli/mcp.ts') },
  migrate: { summary: 'apply database migrations (serve and import do it too)', load: () => import('./cli/migrate.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: paperboy <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'paperboy <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], io: Partial<Omit<CommandContext, 'config'>> = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const stdin = io.stdin ?? process.stdin;
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? stdout : stderr).write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    stderr.write(`paperboy: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      stderr.write(`paperboy: configuration error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  try {
    const { run } = await command.load();
    return await run(args, { config, stdout, stderr, stdin });
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`paperboy ${name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof InputError) {
      stderr.write(`paperboy ${name}: ${err.message}\n`);
      return 1;
    }
    stderr.write(`paperboy ${name}: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

