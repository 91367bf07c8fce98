// The two mails a subscription request sends (pure): "confirm your subscription" and "you are already subscribed".
import type { OutgoingMail } from '../mail/transport.ts';
import { escapeHtml } from './compose.ts';

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function simpleHtml(title: string, paragraphs: string[], button: { label: string; url: string }, footer: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:0;padding:24px 8px;background:#f4f4f5"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">` +
    `<table role="presentation" width="560" cellpadding="0" cellspacing="0" border="0" style="width:560px;max-width:100%;background:#ffffff;border:1px solid #d0d7de;border-radius:8px">` +
    `<tr><td style="padding:24px;${FONT};color:#1f2328;font-size:15px;line-height:1.6">` +
    `<div style="font-size:20px;font-weight:700;margin-bottom:12px">${escapeHtml(title)}</div>` +
    paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join('') +
    `<p style="margin:20px 0"><a href="${escapeHtml(button.url)}" style="display:inline-block;background:#0a58ca;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(button.label)}</a></p>` +
    `<p style="margin:0;color:#57606a;font-size:12px">${escapeHtml(footer)}</p>` +
    `</td></tr></table></td></tr></table></body></html>`
  );
}

export function confirmationMail(to: string, confirmUrl: string, siteUrl: string): OutgoingMail {
  const title = 'Confirm your Paperboy subscription';
  const lines = [
    `Someone, hopefully you, asked ${siteUrl} to email trending research papers to ${to}.`,
    'Open the link below and press the button to start receiving the digest. Without that, you will get nothing more from us.',
  ];
  const footer = 'If you did not ask for this, ignore this message. The link expires in 7 days.';
  return {
    to,
    subject: title,
    text: `${title}\n\n${lines.join('\n\n')}\n\n${confirmUrl}\n\n${footer}\n`,
    html: simpleHtml(title, lines, { label: 'Confirm subscription', url: confirmUrl }, footer),
  };
}

export function alreadySubscribedMail(to: string, manageUrl: string, siteUrl: string): OutgoingMail {
  const title = 'You are already subscribed';
  const lines = [
    `Someone asked ${siteUrl} to subscribe ${to}, which already receives the trending papers digest.`,
    'Nothing has changed. To change how often you hear from us, or what about, use the link below.',
  ];
  const footer = 'If you did not ask for this, ignore this message.';
  return {
    to,
    subject: 'Your Paperboy subscription',
    text: `${title}\n\n${lines.join('\n\n')}\n\nManage preferences: ${manageUrl}\n\n${footer}\n`,
    html: simpleHtml(title, lines, { label: 'Manage preferences', url: manageUrl }, footer),
  };
}
