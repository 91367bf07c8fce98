// What every command gets from main.ts: the parsed configuration and the process's streams.
import type { Config } from '../config.ts';

export interface CommandContext {
  config: Config;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export type Command = (args: string[], ctx: CommandContext) => Promise<number>;
