-- One durable outbox for transactional mail (subscription confirmations, "already subscribed"
-- notes, sign-in links): the web request only inserts a row, in the same transaction as the
-- token the mail carries; senders in the web and worker processes deliver it with retries.
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  -- confirm-subscription | already-subscribed | sign-in
  kind            TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  -- The bodies carry single-use links: cleared once the row reaches a final state.
  text_body       TEXT,
  html_body       TEXT,
  -- Stable per row, so a message sent twice (crash between the 250 and the commit) is recognisable.
  message_id      TEXT NOT NULL,
  -- pending | sent | failed (gave up) | suppressed (address refused for good) | expired
  state           TEXT NOT NULL DEFAULT 'pending',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  -- A link that no longer works is not worth sending: past this the row expires unsent.
  expires_at      INTEGER NOT NULL,
  lease_owner     TEXT,
  lease_until     INTEGER,
  last_error      TEXT,
  smtp_code       INTEGER,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);
