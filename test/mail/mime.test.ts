// The bulk MIME builder against mailparser: what a mail client would read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { buildAlternativeMessage, encodeHeaderValue, encodeQuotedPrintable } from '../../src/mail/mime.ts';

test('quoted-printable: table of encodings, and every line within 76 characters', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['a=b', 'a=3Db'],
    ['trailing space \nnext', 'trailing space=20\r\nnext'],
    ['café ·', 'caf=C3=A9 =C2=B7'],
    ['\ttab', '\ttab'],
  ];
  for (const [input, want] of cases) assert.equal(encodeQuotedPrintable(input), want, input);
  const long = encodeQuotedPrintable('é'.repeat(100) + ' ' + 'x'.repeat(300));
  assert.ok(long.split('\r\n').every((l) => l.length <= 76));
  assert.ok(!/=[0-9A-F]?=\r\n/.test(long), 'an escape is never split by a soft break');
});

test('non-ASCII header values become encoded words of whole characters', () => {
  assert.equal(encodeHeaderValue('Trending: plain'), 'Trending: plain');
  const enc = encodeHeaderValue('Überraschung — 日本語のタイトル '.repeat(3));
  assert.ok(enc.split('\r\n ').every((w) => /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/.test(w) && w.length <= 75));
});

test('a built message reads back with both parts, the subject, headers and Message-ID', async () => {
  const text = 'Line one with é and a very long line '.repeat(8) + '\n.leading dot\nUnsubscribe: https://pb.test/unsubscribe/T';
  const html = '<!doctype html><p style="color:#123">Tom &amp; &lt;Jerry&gt; · 日本</p>'.repeat(20);
  const raw = buildAlternativeMessage({
    from: 'Paperboy <news@pb.test>',
    to: 'reader@example.org',
    subject: 'Daily trending: Ünïcödé <b> & more',
    messageId: '<digest.1.2@pb.test>',
    headers: { 'List-Unsubscribe': '<https://pb.test/unsubscribe/T>, <mailto:u@pb.test?subject=unsubscribe-T>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    text,
    html,
  });
  assert.ok(raw.split('\r\n').every((l) => l.length <= 998));
  const mail = await simpleParser(raw);
  assert.equal(mail.subject, 'Daily trending: Ünïcödé <b> & more');
  assert.equal(mail.from?.value[0]?.address, 'news@pb.test');
  assert.equal(mail.messageId, '<digest.1.2@pb.test>');
  assert.equal(mail.text, text);
  assert.equal(mail.html, html);
  assert.match(raw, /^List-Unsubscribe: <https:\/\/pb\.test\/unsubscribe\/T>,\r\n <mailto:u@pb\.test\?subject=unsubscribe-T>\r$/m);
  assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
});

test('quoted-printable decodes back to the input for awkward text (random, seeded)', async () => {
  const { decode } = (await import('libqp')) as unknown as { decode(s: string): Buffer };
  const alphabet = ['a', ' ', '\t', '=', '\n', '\r\n', 'é', '日', '·', '.', '=3D', 'x'.repeat(80), ' \n', '\r'];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let n = 0; n < 300; n++) {
    let s = '';
    for (let i = 0; i < 40; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const enc = encodeQuotedPrintable(s);
    assert.ok(enc.split('\r\n').every((l) => l.length <= 76), JSON.stringify(s));
    assert.equal(decode(enc).toString('utf8'), s.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n'), JSON.stringify(s));
  }
});
