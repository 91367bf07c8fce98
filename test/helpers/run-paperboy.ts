// `paperboy` from the TypeScript sources: what test/helpers/paperboy-process.ts spawns.
import { main } from '../../src/main.ts';

process.exitCode = await main(process.argv.slice(2));
