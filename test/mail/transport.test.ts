// The SMTP mailer against a real SMTP server process: delivery, headers, and failure codes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { createMailer, smtpReplyCode, type Mailer } from '../../src/mail/transport.ts';
import { buildAlternativeMessage } from '../../src/mail/mime.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';

describe('SMTP mailer', () => {
  let smtp: SmtpServerHandle;
  let mailer: Mailer;
  before(async () => {
    smtp = await startSmtpServer();
    mailer = createMailer(loadConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Paperboy <news@paperboy.test>' }));
  });
  after(async () => {
    mailer?.close();
    await smtp?.stop();
  });

  it('delivers a message with both parts and custom headers', async () => {
    await mailer.send({
      to: 'reader@example.org',
      subject: 'Trending papers',
      text: 'plain body',
      html: '<p>html body</p>',
      headers: { 'List-Unsubscribe': '<https://paperboy.test/u/abc>' },
    });
    const [mail] = await smtp.parsed();
    assert.equal(mail.subject, 'Trending papers');
    assert.equal(mail.from?.value[0].address, 'news@paperboy.test');
    assert.equal(mail.text?.trim(), 'plain body');
    assert.equal(mail.html && mail.html.includes('html body'), true);
    // mailparser folds List-* headers into a structure; the raw message shows the header as sent.
    assert.match(smtp.received()[0].raw, /^List-Unsubscribe: <https:\/\/paperboy\.test\/u\/abc>\r?$/m);
  });

  it('reports a temporary refusal as 451 and a permanent one as 550', async () => {
    await smtp.setFaults({ tempFailNext: 1, rejectRecipients: ['gone@example.org'] });
    const temp = await mailer.send({ to: 'a@example.org', subject: 's', text: 't' }).catch((e) => e);
    assert.equal(smtpReplyCode(temp), 451);
    const perm = await mailer.send({ to: 'gone@example.org', subject: 's', text: 't' }).catch((e) => e);
    assert.equal(smtpReplyCode(perm), 550);
    await mailer.send({ to: 'a@example.org', subject: 's', text: 't' });
    assert.equal(smtp.received().length, 2);
  });

  it('delivers a built message to an address with a non-ASCII domain: IDNA on the envelope and in To', async () => {
    const before = smtp.received().length;
    const mail = { to: 'leser@bücher.example', subject: 'Trending papers', text: 'plain body', html: '<p>html body</p>', messageId: '<digest.9.9@paperboy.test>' };
    await mailer.send({ ...mail, raw: buildAlternativeMessage({ ...mail, from: 'Zeitung Ö <news@paperboy.test>' }) });
    const got = smtp.received()[before]!;
    // The server reads the IDNA envelope back as the same address (smtp-server shows it in Unicode).
    assert.deepEqual(got.to, ['leser@bücher.example']);
    assert.match(got.raw, /^To: leser@xn--bcher-kva\.example\r?$/m);
    const parsed = (await smtp.parsed())[before]!;
    assert.equal(parsed.from?.value[0]?.name, 'Zeitung Ö');
    assert.equal(parsed.text?.trim(), 'plain body');
  });

  it('refuses to build a mailer without SMTP_URL', () => {
    assert.throws(() => createMailer(loadConfig({})), /SMTP_URL/);
  });
});
