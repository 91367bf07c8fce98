// `paperboy mcp`: the MCP server over stdio, for desktop agents that start it as a process.
// stdout carries the protocol, so everything else goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CommandContext } from './context.ts';
import { parseCommandArgs } from './args.ts';
import { openStore } from '../open-store.ts';
import { loadDemoIfEmpty } from '../ingest/demo.ts';
import { openSearchService } from '../search/open-search.ts';
import { createMcpServer } from '../mcp/tools.ts';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    ctx.stdout.write('usage: paperboy mcp   (speaks the Model Context Protocol on stdin/stdout; tools: search_papers, get_paper, trending_papers, daily_papers, similar_papers)\n');
    return 0;
  }
  const db = await openStore(ctx.config);
  // Like serve: a fresh install answers from the demo corpus rather than an empty catalog.
  const demo = await loadDemoIfEmpty(db, ctx.config);
  if (demo) ctx.stderr.write(`empty database: loaded the demo corpus from ${ctx.config.demoDir} (${demo.new} papers)\n`);
  const search = await openSearchService(db, ctx.config);
  const server = createMcpServer({
    db,
    search,
    publicUrl: ctx.config.publicUrl,
    logError: (err) => ctx.stderr.write(`mcp tool failed: ${(err as Error).stack ?? String(err)}\n`),
  });
  const transport = new StdioServerTransport(process.stdin, process.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // The client closing our stdin is the end of the session.
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
  await db.close();
  return 0;
}
