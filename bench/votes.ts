// `npm run bench -- votes [--members N] [--rounds R]`: parallel upvotes over HTTP, with and without
// the trending hooks, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. Prints median ms per burst.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/web/app.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { insertUser } from '../src/store/users.ts';
import { insertApiToken } from '../src/store/auth-tokens.ts';
import { hashSecret } from '../src/community/secrets.ts';
import { newApiToken } from '../src/community/secrets.ts';
import { testDatabases } from '../test/helpers/db.ts';
import { paperInput } from '../test/helpers/papers.ts';
import { intOption, parseCommandArgs } from '../src/cli/args.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, { members: { type: 'string' }, rounds: { type: 'string' } }, false);
  const members = intOption(values.members, 'members', 200);
  const rounds = intOption(values.rounds, 'rounds', 3);
  console.log(`${members} members upvote one paper in parallel over HTTP (set, then clear), ${rounds} rounds; median ms per burst`);
  console.log('database  hooks           set    clear');
  for (const kind of testDatabases()) {
    for (const [label, hooks] of [['none', {}], ['trending', undefined]] as const) {
      const t = await kind.open();
      await upsertPapers(t.db, [paperInput({ id: '2511.00001', publishedAt: Date.now() })]);
      const tokens: string[] = [];
      for (let i = 0; i < members; i++) {
        const user = (await insertUser(t.db, { email: `m${i}@example.org`, name: `m${i}`, role: 'member' }))!;
        const token = newApiToken();
        await insertApiToken(t.db, { hash: hashSecret(token), userId: user.id, name: 'bench' });
        tokens.push(token);
      }
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '' }), hooks });
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/papers/2511.00001/upvote`;
      const burst = async (method: string) => {
        const t0 = performance.now();
        const rs = await Promise.all(tokens.map((tok) => fetch(url, { method, headers: { authorization: `Bearer ${tok}` } })));
        await Promise.all(rs.map((r) => r.arrayBuffer()));
        if (rs.some((r) => r.status !== 200)) throw new Error(`a ${method} failed: ${rs.find((r) => r.status !== 200)!.status}`);
        return performance.now() - t0;
      };
      const set: number[] = [];
      const clear: number[] = [];
      for (let r = 0; r < rounds; r++) {
        set.push(await burst('POST'));
        clear.push(await burst('DELETE'));
      }
      console.log(`${kind.name.padEnd(9)} ${label.padEnd(10)} ${median(set).toFixed(0).padStart(8)} ${median(clear).toFixed(0).padStart(8)}`);
      await new Promise((r) => server.close(r));
      await t.close();
    }
  }
}
