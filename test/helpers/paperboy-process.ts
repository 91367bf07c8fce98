// Arguments for `node` to run the `paperboy` command as a real process from the TypeScript
// sources, so a test exercises the code under test rather than whatever dist/ was last built
// from. (bin/paperboy runs dist/; test/cli/build.test.ts checks the build and the binary.)
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./run-paperboy.ts', import.meta.url));

/** `spawn(process.execPath, paperboyArgs('worker', '--exit-when-idle'))` runs `paperboy worker --exit-when-idle`. */
export const paperboyArgs = (...args: string[]): string[] => ['--import', 'tsx', ENTRY, ...args];
