// Starts the parse worker: registers tsx in this thread (workers do not inherit the main
// thread's loader), then loads the TypeScript worker module.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
