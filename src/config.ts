// Reads the environment once into a typed, frozen Config that is passed down (never a global).
import { readFileSync } from 'node:fs';
import { addressOf } from './mail/mime.ts';

export interface Config {
  /** `sqlite:./data/paperboy.db` (default), `sqlite::memory:` or `postgres://…`. */
  databaseUrl: string;
  host: string;
  port: number;
  /** Base of absolute links in feeds, mail and canonical tags; no trailing slash. */
  publicUrl: string;
  /** Directory of the demo corpus loaded into an empty database on `serve`; '' disables it. */
  demoDir: string;
  /** Directory for derived data (search index files) beside a SQLite database. */
  dataDir: string;
  arxiv: {
    oaiUrl: string;
    apiUrl: string;
    /** Minimum gap between two requests to arXiv, in ms (arXiv asks for 3 s). */
    minIntervalMs: number;
    /** Base of `{pdfUrl}/{id}`, whose first page is a paper's figure when the import names none; '' = generated covers only. */
    pdfUrl: string;
    /** Largest PDF read for a figure, in bytes. */
    pdfMaxBytes: number;
  };
  huggingFace: { apiUrl: string; timeoutMs: number };
  github: { apiUrl: string; token: string | null };
  /** Job workers: how long a claimed job stays locked without renewal, and how often an idle worker polls. */
  worker: {
    leaseMs: number;
    pollMs: number;
    /** First delay before a failed job runs again; doubles each failure (a recurring job: up to its interval). */
    retryBaseMs: number;
  };
  /** What keeps the catalog fresh, and how often (ms; 0 switches a job off). */
  schedule: ScheduleConfig;
  mail: MailConfig;
  embed: { modelDir: string | null; url: string | null; model: string | null; apiKey: string | null };
  search: {
    /** Weight of the semantic side in hybrid ranking, 0..1 (default: DEFAULT_HYBRID_WEIGHT of search/service.ts). */
    hybridWeight: number;
    /** How often (ms) a search looks at the store's change feed for papers other processes imported. */
    refreshMs: number;
    /** Longest a search waits for the index being built after a start before answering 503. */
    waitMs: number;
  };
  /** Secret for signing cookies and CSRF tokens; random per process when unset. */
  secretKey: string | null;
  /**
   * Reverse proxies in front of us that append to X-Forwarded-For (TRUST_PROXY_HOPS; TRUST_PROXY=1
   * means one). The client address is the Nth entry from the right; 0 uses the socket's address.
   */
  trustProxyHops: number;
  /** Operations: log level of the JSON logs, bearer token guarding /metrics, shutdown drain bound. */
  ops: {
    logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    /** When set, /metrics answers only `Authorization: Bearer <token>`. */
    metricsToken: string | null;
    /** After SIGTERM, in-flight requests get this long before connections are cut. */
    shutdownTimeoutMs: number;
  };
  /** Rendered anonymous pages/API answers kept in memory (RESPONSE_CACHE_ENTRIES); 0 disables. */
  responseCacheEntries: number;
  /** Memory the response cache may hold, in MB (RESPONSE_CACHE_MB): the bound that matters for big API pages. */
  responseCacheMb: number;
  community: {
    /** Submissions a member (not a curator) may make per UTC day. */
    submissionsPerDay: number;
    /** Only papers first published on arXiv at most this many days ago may be submitted. */
    submissionWindowDays: number;
    /** Lifetime of an emailed sign-in link. */
    loginLinkTtlMs: number;
    /** Lifetime of a browser session. */
    sessionTtlMs: number;
  };
  digest: DigestConfig;
}

/** Transactional mail (confirmations, sign-in links) through the outbox (MAIL_* variables). */
export interface MailConfig {
  smtpUrl: string | null;
  from: string;
  /** First retry delay after a 4xx reply or a refused connection; doubles each attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** SMTP attempts before a message is given up as failed. */
  maxAttempts: number;
  /** How long a claimed message belongs to its sender; after a crash another sends it after this. */
  leaseMs: number;
  /** How often an idle sender looks for messages queued by other processes or due for a retry. */
  pollMs: number;
}

/** The scheduled jobs: `serve` runs them in-process unless `jobsInServe` is off; workers always can. */
export interface ScheduleConfig {
  /** SERVE_JOBS: `serve` also runs the job queue (the default: one process is the whole service). */
  jobsInServe: boolean;
  /** HF_HARVEST_INTERVAL_MS: today's and yesterday's Hugging Face Daily Papers. */
  hfHarvestMs: number;
  /** HF_REFRESH_DAYS: days back whose lists (upvotes, comments) each harvest also revisits, one older day per run. */
  hfRefreshDays: number;
  /** ARXIV_HARVEST_INTERVAL_MS: incremental OAI-PMH harvest of `arxivSets` from the last day harvested. */
  arxivHarvestMs: number;
  /** ARXIV_SETS: comma-separated OAI-PMH sets (`cs`, `math`, `physics:hep-th`, …). */
  arxivSets: string[];
  /** STAR_REFRESH_INTERVAL_MS: every repository's stars. */
  starRefreshMs: number;
  /** RECENT_STAR_REFRESH_INTERVAL_MS: stars of the repositories of papers of the last RECENT_DAYS days (sparklines). */
  recentStarRefreshMs: number;
  recentDays: number;
  /** TRENDING_RECOMPUTE_INTERVAL_MS: link new papers to repositories and recompute the stored scores. */
  trendingRecomputeMs: number;
}

/** Email digest scheduling and sending (DIGEST_* variables). */
export interface DigestConfig {
  /** Local hour (0-23) from which the day's digests go out. */
  sendHour: number;
  /** IANA time zone of sendHour and of "the day" a digest is due. */
  timeZone: string;
  /** Whether daily digests go out on Saturdays and Sundays (otherwise Monday's covers the weekend). */
  weekends: boolean;
  /** Messages per second at most; 0 = as fast as the SMTP server takes them. */
  ratePerSecond: number;
  /** Outbox rows one sender claims at a time. */
  batchSize: number;
  /** Papers in one digest at most. */
  maxPapers: number;
  /** How long a claimed batch belongs to its sender; after a crash others wait this long. */
  leaseMs: number;
  /** First retry delay after a temporary failure; doubles each attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts before a message is given up as failed. */
  maxAttempts: number;
  /** Parallel SMTP connections. */
  connections: number;
  /** Address for the mailto: List-Unsubscribe (defaults to MAIL_FROM's address). */
  unsubscribeMailto: string;
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

/**
 * A secret from `NAME`, or from the file named by `NAME_FILE` (Docker/Kubernetes secrets).
 * Setting both is an error: silently preferring one hides a misconfiguration.
 */
export function readSecret(env: Env, name: string): string | null {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) throw new ConfigError(`set ${name} or ${name}_FILE, not both`);
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim() || null;
    } catch (err) {
      throw new ConfigError(`${name}_FILE: cannot read ${file}: ${(err as Error).message}`);
    }
  }
  return direct?.trim() || null;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be 0-65535, got ${JSON.stringify(value)}`);
  return port;
}

function parseMs(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number of ms, got ${JSON.stringify(value)}`);
  return n;
}

function parseCount(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
  return n;
}

function parseFraction(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(`${name} must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  return n;
}

function parseFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name} must be 1/true or 0/false, got ${JSON.stringify(value)}`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parseLogLevel(value: string | undefined): Config['ops']['logLevel'] {
  if (value === undefined || value === '') return 'info';
  const level = value.toLowerCase() as Config['ops']['logLevel'];
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
  return level;
}

/** TRUST_PROXY_HOPS=N, or the older TRUST_PROXY=1 for one proxy; both set must agree. */
function parseProxyHops(env: Env): number {
  const legacy = parseFlag('TRUST_PROXY', env.TRUST_PROXY) ? 1 : 0;
  if (env.TRUST_PROXY_HOPS === undefined || env.TRUST_PROXY_HOPS === '') return legacy;
  const hops = parseIntIn('TRUST_PROXY_HOPS', env.TRUST_PROXY_HOPS, 0, 0, 10);
  if (legacy && hops !== 1) throw new ConfigError(`TRUST_PROXY=1 means one proxy hop but TRUST_PROXY_HOPS is ${hops}: set only TRUST_PROXY_HOPS`);
  return hops;
}

function parseIntIn(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

function parseTimeZone(name: string, value: string | undefined): string {
  const zone = value || 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new ConfigError(`${name} must be an IANA time zone such as Europe/Berlin, got ${JSON.stringify(zone)}`);
  }
  return zone;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function parseSets(value: string | undefined): string[] {
  const sets = (value ?? 'cs').split(',').map((s) => s.trim()).filter(Boolean);
  for (const set of sets) {
    if (!/^[a-z-]+(:[A-Za-z-]+)*$/.test(set)) throw new ConfigError(`ARXIV_SETS: ${JSON.stringify(set)} is not an OAI-PMH set such as cs or physics:hep-th`);
  }
  return sets;
}

/** ARXIV_PDF_URL: arXiv's by default; '' switches PDF figures off; anything else must be http(s). */
function parsePdfUrl(value: string | undefined): string {
  if (value === undefined) return 'https://arxiv.org/pdf';
  if (value !== '' && !/^https?:\/\/[^/]/i.test(value)) throw new ConfigError(`ARXIV_PDF_URL must be an http(s) URL or empty, got ${JSON.stringify(value)}`);
  return trimSlash(value);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(env.PORT, 3000);
  const databaseUrl = readSecret(env, 'DATABASE_URL') ?? 'sqlite:./data/paperboy.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
  }
  const config: Config = {
    databaseUrl,
    host: env.HOST || '127.0.0.1',
    port,
    publicUrl: trimSlash(env.PUBLIC_URL || `http://localhost:${port}`),
    demoDir: env.DEMO_DIR ?? 'data/demo',
    dataDir: env.DATA_DIR || 'data',
    arxiv: {
      oaiUrl: env.ARXIV_OAI_URL || 'https://oaipmh.arxiv.org/oai',
      apiUrl: env.ARXIV_API_URL || 'https://export.arxiv.org/api/query',
      minIntervalMs: parseMs('ARXIV_MIN_INTERVAL_MS', env.ARXIV_MIN_INTERVAL_MS, 3000),
      pdfUrl: parsePdfUrl(env.ARXIV_PDF_URL),
      pdfMaxBytes: parseIntIn('ARXIV_PDF_MAX_BYTES', env.ARXIV_PDF_MAX_BYTES, 30 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    },
    huggingFace: { apiUrl: trimSlash(env.HF_API_URL || 'https://huggingface.co/api'), timeoutMs: parseMs('HF_TIMEOUT_MS', env.HF_TIMEOUT_MS, 30_000) },
    github: { apiUrl: trimSlash(env.GITHUB_API_URL || 'https://api.github.com'), token: readSecret(env, 'GITHUB_TOKEN') },
    worker: {
      leaseMs: parseMs('WORKER_LEASE_MS', env.WORKER_LEASE_MS, 60_000),
      pollMs: parseMs('WORKER_POLL_MS', env.WORKER_POLL_MS, 1000),
      retryBaseMs: parseMs('WORKER_RETRY_BASE_MS', env.WORKER_RETRY_BASE_MS, 60_000),
    },
    schedule: {
      jobsInServe: env.SERVE_JOBS === undefined || env.SERVE_JOBS === '' ? true : parseFlag('SERVE_JOBS', env.SERVE_JOBS),
      hfHarvestMs: parseMs('HF_HARVEST_INTERVAL_MS', env.HF_HARVEST_INTERVAL_MS, 30 * MINUTE),
      hfRefreshDays: parseIntIn('HF_REFRESH_DAYS', env.HF_REFRESH_DAYS, 7, 2, 60),
      arxivHarvestMs: parseMs('ARXIV_HARVEST_INTERVAL_MS', env.ARXIV_HARVEST_INTERVAL_MS, 24 * HOUR),
      arxivSets: parseSets(env.ARXIV_SETS),
      starRefreshMs: parseMs('STAR_REFRESH_INTERVAL_MS', env.STAR_REFRESH_INTERVAL_MS, 6 * HOUR),
      recentStarRefreshMs: parseMs('RECENT_STAR_REFRESH_INTERVAL_MS', env.RECENT_STAR_REFRESH_INTERVAL_MS, HOUR),
      recentDays: parseIntIn('RECENT_DAYS', env.RECENT_DAYS, 7, 1, 90),
      trendingRecomputeMs: parseMs('TRENDING_RECOMPUTE_INTERVAL_MS', env.TRENDING_RECOMPUTE_INTERVAL_MS, 15 * MINUTE),
    },
    mail: {
      smtpUrl: readSecret(env, 'SMTP_URL'),
      from: env.MAIL_FROM || 'Paperboy <paperboy@localhost>',
      retryBaseMs: parseMs('MAIL_RETRY_BASE_MS', env.MAIL_RETRY_BASE_MS, 30_000),
      retryMaxMs: parseMs('MAIL_RETRY_MAX_MS', env.MAIL_RETRY_MAX_MS, 30 * 60_000),
      maxAttempts: parseIntIn('MAIL_MAX_ATTEMPTS', env.MAIL_MAX_ATTEMPTS, 8, 1, 100),
      leaseMs: parseMs('MAIL_LEASE_MS', env.MAIL_LEASE_MS, 2 * 60_000),
      pollMs: parseMs('MAIL_POLL_MS', env.MAIL_POLL_MS, 5_000),
    },
    embed: {
      modelDir: env.EMBED_MODEL_DIR || null,
      url: env.EMBED_URL || null,
      model: env.EMBED_MODEL || null,
      apiKey: readSecret(env, 'EMBED_API_KEY'),
    },
    search: {
      hybridWeight: parseFraction('SEARCH_HYBRID_WEIGHT', env.SEARCH_HYBRID_WEIGHT, 0.4),
      refreshMs: parseMs('SEARCH_REFRESH_MS', env.SEARCH_REFRESH_MS, 2000),
      waitMs: parseMs('SEARCH_WAIT_MS', env.SEARCH_WAIT_MS, 2000),
    },
    secretKey: readSecret(env, 'SECRET_KEY'),
    trustProxyHops: parseProxyHops(env),
    community: {
      submissionsPerDay: parseCount('SUBMISSIONS_PER_DAY', env.SUBMISSIONS_PER_DAY, 3),
      submissionWindowDays: parseCount('SUBMISSION_WINDOW_DAYS', env.SUBMISSION_WINDOW_DAYS, 14),
      loginLinkTtlMs: parseMs('LOGIN_LINK_TTL_MS', env.LOGIN_LINK_TTL_MS, 15 * 60_000),
      sessionTtlMs: parseMs('SESSION_TTL_MS', env.SESSION_TTL_MS, 30 * 86_400_000),
    },
    digest: {
      sendHour: parseIntIn('DIGEST_SEND_HOUR', env.DIGEST_SEND_HOUR, 7, 0, 23),
      timeZone: parseTimeZone('DIGEST_TIME_ZONE', env.DIGEST_TIME_ZONE),
      weekends: env.DIGEST_WEEKENDS === undefined || env.DIGEST_WEEKENDS === '' ? false : parseFlag('DIGEST_WEEKENDS', env.DIGEST_WEEKENDS),
      ratePerSecond: parseIntIn('DIGEST_RATE', env.DIGEST_RATE, 0, 0, 1_000_000),
      batchSize: parseIntIn('DIGEST_BATCH_SIZE', env.DIGEST_BATCH_SIZE, 200, 1, 10_000),
      maxPapers: parseIntIn('DIGEST_MAX_PAPERS', env.DIGEST_MAX_PAPERS, 10, 1, 100),
      leaseMs: parseMs('DIGEST_LEASE_MS', env.DIGEST_LEASE_MS, 5 * 60_000),
      retryBaseMs: parseMs('DIGEST_RETRY_BASE_MS', env.DIGEST_RETRY_BASE_MS, 60_000),
      retryMaxMs: parseMs('DIGEST_RETRY_MAX_MS', env.DIGEST_RETRY_MAX_MS, 60 * 60_000),
      maxAttempts: parseIntIn('DIGEST_MAX_ATTEMPTS', env.DIGEST_MAX_ATTEMPTS, 10, 1, 100),
      connections: parseIntIn('DIGEST_SMTP_CONNECTIONS', env.DIGEST_SMTP_CONNECTIONS, 5, 1, 100),
      unsubscribeMailto: env.DIGEST_UNSUBSCRIBE_MAILTO || addressOf(env.MAIL_FROM || 'Paperboy <paperboy@localhost>'),
    },
    ops: {
      logLevel: parseLogLevel(env.LOG_LEVEL),
      metricsToken: readSecret(env, 'METRICS_TOKEN'),
      shutdownTimeoutMs: parseMs('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, 10_000),
    },
    responseCacheEntries: parseCount('RESPONSE_CACHE_ENTRIES', env.RESPONSE_CACHE_ENTRIES, 2000),
    responseCacheMb: parseCount('RESPONSE_CACHE_MB', env.RESPONSE_CACHE_MB, 64),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
