// A fast SMTP sink for benchmarks: accepts every message, keeps nothing but a count (child process).
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      count++;
      callback();
    });
  },
});
process.on('message', (m: { cmd: string; id: number }) => {
  if (m.cmd === 'count') process.send?.({ id: m.id, count });
});
server.listen(0, '127.0.0.1', () => {
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  process.send?.({ ready: true, port });
});
