// `paperboy token create EMAIL [--name NAME]`: an API token for a member, printed once.
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { InputError, UsageError } from '../errors.ts';
import { normalizeEmail } from '../community/accounts.ts';
import { hashSecret } from '../community/secrets.ts';
import { getUserByEmail } from '../store/users.ts';
import { insertApiToken } from '../store/auth-tokens.ts';
import { newApiToken } from '../community/secrets.ts';
import { parseCommandArgs } from './args.ts';

const USAGE = 'usage: paperboy token create EMAIL [--name NAME]';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { name: { type: 'string' }, help: { type: 'boolean' } });
  if (values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [sub, address, ...extra] = positionals;
  if (sub !== 'create' || !address || extra.length) throw new UsageError(USAGE);
  const email = normalizeEmail(address);
  const db = await openStore(ctx.config);
  try {
    const user = await getUserByEmail(db, email);
    if (!user) throw new InputError(`no member with email ${email}; create one with: paperboy user add ${email}`);
    const token = newApiToken();
    await insertApiToken(db, { hash: hashSecret(token), userId: user.id, name: values.name ?? 'cli' });
    // Only the hash is stored: this is the one time the token can be seen.
    ctx.stdout.write(`${token}\n`);
    if (ctx.stderr.isTTY) ctx.stderr.write(`API token for ${user.name}; store it now, it cannot be shown again.\n`);
    return 0;
  } finally {
    await db.close();
  }
}
