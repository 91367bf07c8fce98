// What every step of sending one digest run shares: the caller's dependencies, the run being
// sent, and the clock (send.ts wires the steps together).
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { SearchService } from '../search/service.ts';
import type { Mailer } from '../mail/transport.ts';
import type { DigestPeriod, Paper, Subscriber } from '../model.ts';
import type { ClaimedRow } from '../store/digests.ts';
import type { ForYouService } from '../foryou/for-you-service.ts';
import type { ComposedDigest } from './compose.ts';

export interface SendDeps {
  db: Db;
  /** Not needed for a dry run. */
  mailer: Mailer | null;
  config: Config;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /** The search service for saved-search topics, opened only if a subscriber has one. */
  search?: () => Promise<SearchService | null>;
  /**
   * A member's For-you picks, for subscribers who are members under the same address (a section
   * after the trending papers). Built over `search` when absent; none without a search service.
   */
  forYou?: ForYouService | null;
}

export interface SendOptions {
  period: DigestPeriod;
  dueOn: string;
  dryRun?: boolean;
  /** Stop waiting for retries at this time and leave the rest pending for the next invocation. */
  giveUpAt?: number;
}

export interface SendReport {
  period: DigestPeriod;
  dueOn: string;
  runId: number | null;
  /** Why nothing was done, when nothing was (weekend, already done). */
  note: string | null;
  /** Outbox rows by state after this invocation (dry run: what would happen). */
  counts: Record<string, number>;
  /** Messages this invocation handed to the SMTP server. */
  sentNow: number;
}

/** One run being sent by this process: the steps' common arguments. */
export interface RunContext {
  db: Db;
  config: Config;
  digest: Config['digest'];
  mailer: Mailer;
  runId: number;
  /** This sender's lease owner name (host, pid, random). */
  owner: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
  report: SendReport;
}

/** A claimed outbox row with its subscriber, papers and composed mail: ready to deliver. */
export interface Prepared {
  row: ClaimedRow;
  subscriber: Subscriber;
  papers: Paper[];
  mail: ComposedDigest;
}
