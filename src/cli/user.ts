// `paperboy user add EMAIL [--role member|curator|admin] [--name NAME]`: create a member or change a role.
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { UsageError } from '../errors.ts';
import { checkName, findOrCreateUser, normalizeEmail } from '../community/accounts.ts';
import { setUserRole, type Role } from '../store/users.ts';
import { parseCommandArgs } from './args.ts';

const ROLES: Role[] = ['member', 'curator', 'admin'];
const USAGE = 'usage: paperboy user add EMAIL [--role member|curator|admin] [--name NAME]';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { role: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean' } });
  if (values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [sub, address, ...extra] = positionals;
  if (sub !== 'add' || !address || extra.length) throw new UsageError(USAGE);
  const role = (values.role ?? 'member') as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(values.role)}`);
  const email = normalizeEmail(address);
  const name = values.name === undefined ? null : checkName(values.name);
  const db = await openStore(ctx.config);
  try {
    const user = await findOrCreateUser(db, email, role, name);
    if (user.role !== role) await setUserRole(db, user.id, role);
    const note = name && user.name !== name ? ` (kept existing name; --name applies to new members only)` : '';
    ctx.stdout.write(`${user.email} is ${user.name}, role ${role}${note}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
