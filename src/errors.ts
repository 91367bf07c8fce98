// Error kinds that carry a message meant for the user, not a stack trace.

/** Bad command-line arguments: printed as one line, exit code 2. */
export class UsageError extends Error {}

/**
 * Input the user can fix (an unreadable path, an unknown format, a malformed record). Domain code
 * throws it; the CLI prints its message as one line and the web layer answers 400 with it.
 */
export class InputError extends Error {}
