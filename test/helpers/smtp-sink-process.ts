// A real SMTP server process for tests: stores every message it accepts as a JSON line in a file,
// and takes fault instructions from its parent over IPC (temporary failures, refusals, going down).
import { SMTPServer } from 'smtp-server';
import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const outFile = process.argv[2];
let port = Number(process.argv[3] ?? 0);

interface Faults {
  /** Answer 451 to the next N messages, then accept. */
  tempFailNext: number;
  /** Answer 451 to every message while true. */
  tempFailAll: boolean;
  /** Recipients that get a permanent 550. */
  rejectRecipients: string[];
  /** Greylisting: the first attempt for each recipient gets 451 at RCPT TO, later ones pass. */
  greylist: boolean;
}
const faults: Faults = { tempFailNext: 0, tempFailAll: false, rejectRecipients: [], greylist: false };
const greylisted = new Set<string>();

function makeServer(): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (faults.rejectRecipients.includes(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
        return callback(err);
      }
      const who = address.address.toLowerCase();
      if (faults.greylist && !greylisted.has(who)) {
        greylisted.add(who);
        return callback(Object.assign(new Error('4.7.1 greylisted, try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (faults.tempFailAll || faults.tempFailNext > 0) {
          if (faults.tempFailNext > 0) faults.tempFailNext--;
          return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
        }
        appendFileSync(
          outFile,
          JSON.stringify({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            at: Date.now(),
          }) + '\n',
        );
        callback();
      });
    },
  });
}

let server: SMTPServer | null = null;

function listen(): Promise<number> {
  server = makeServer();
  // A client killed mid-conversation (the SIGKILL tests) resets its connection: not the sink's end.
  server.on('error', () => {});
  return new Promise((resolve, reject) => {
    server!.once('error', reject);
    server!.listen(port, '127.0.0.1', () => {
      port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
      resolve(port);
    });
  });
}

process.on('message', async (msg: { cmd: string; value?: unknown; id: number }) => {
  if (msg.cmd === 'faults') Object.assign(faults, msg.value);
  if (msg.cmd === 'down' && server) await new Promise<void>((r) => server!.close(() => r()));
  if (msg.cmd === 'down') server = null;
  if (msg.cmd === 'up' && !server) await listen();
  process.send?.({ id: msg.id, ok: true });
});

listen().then((p) => process.send?.({ ready: true, port: p }));
