-- Email digests: subscribers (double opt-in), hashed tokens, runs, the outbox, what each
-- subscriber was already sent, and addresses that must never be mailed again.
CREATE TABLE subscribers (
  id              BIGSERIAL PRIMARY KEY,
  -- Lower-cased, so one mailbox is one subscriber whatever the spelling.
  email           TEXT NOT NULL UNIQUE,
  -- pending (awaiting confirmation) | confirmed | unsubscribed
  state           TEXT NOT NULL,
  -- daily | weekly
  frequency       TEXT NOT NULL,
  -- Weekly subscribers' day: 0 = Sunday … 6 = Saturday (JavaScript getDay()).
  weekday         BIGINT,
  -- JSON {categories: string[], keywords: string[], query: string | null}
  topics          TEXT NOT NULL DEFAULT '{}',
  -- When a confirmation or "already subscribed" mail last went out: bounds mail-bombing.
  last_mailed_at  BIGINT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  confirmed_at    BIGINT,
  unsubscribed_at BIGINT
);
CREATE INDEX subscribers_state ON subscribers (state, frequency, id);

-- Tokens mailed to subscribers, stored only as sha256 hashes. One per confirmation mail and two
-- (manage, unsubscribe) per digest: a stored hash cannot be put into a later mail, so every
-- mail carries fresh ones.
CREATE TABLE subscriber_tokens (
  token_hash    TEXT PRIMARY KEY,
  subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  -- confirm | manage | unsubscribe
  purpose       TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  expires_at    BIGINT NOT NULL,
  used_at       BIGINT
);
CREATE INDEX subscriber_tokens_expiry ON subscriber_tokens (expires_at);

-- One digest per (period, due day): a rerun of the same day finds this row instead of starting over.
CREATE TABLE digest_runs (
  id           BIGSERIAL PRIMARY KEY,
  period       TEXT NOT NULL,
  due_on       TEXT NOT NULL,
  -- Papers featured on days [window_from, window_to) (YYYY-MM-DD) are this digest's candidates.
  window_from  TEXT NOT NULL,
  window_to    TEXT NOT NULL,
  -- filling (outbox rows being created) | sending | done
  state        TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  finished_at  BIGINT,
  UNIQUE (period, due_on)
);

-- The outbox: one row per (run, subscriber), so a subscriber cannot be queued twice for one digest.
CREATE TABLE digest_outbox (
  id              BIGSERIAL PRIMARY KEY,
  run_id          BIGINT NOT NULL REFERENCES digest_runs (id) ON DELETE CASCADE,
  subscriber_id   BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  -- pending | sent | empty (nothing new to mail) | failed (gave up) | suppressed
  state           TEXT NOT NULL DEFAULT 'pending',
  attempts        BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL DEFAULT 0,
  -- A sender owns a claimed row until lease_until; after a crash the lease runs out and another takes it.
  lease_owner     TEXT,
  lease_until     BIGINT,
  last_error      TEXT,
  smtp_code       BIGINT,
  message_id      TEXT,
  paper_count     BIGINT,
  sent_at         BIGINT,
  UNIQUE (run_id, subscriber_id)
);
CREATE INDEX digest_outbox_claim ON digest_outbox (run_id, state, subscriber_id);

-- Every paper mailed to a subscriber: a paper goes to one subscriber at most once across digests.
CREATE TABLE digest_sent_papers (
  subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  paper_id      TEXT NOT NULL,
  run_id        BIGINT NOT NULL,
  sent_at       BIGINT NOT NULL,
  PRIMARY KEY (subscriber_id, paper_id)
);

-- Addresses a server refused permanently (5xx): never mailed again, whatever their subscription says.
CREATE TABLE mail_suppressions (
  email      TEXT PRIMARY KEY,
  reason     TEXT NOT NULL,
  smtp_code  BIGINT,
  created_at BIGINT NOT NULL
);
