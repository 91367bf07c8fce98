// The GitHub client against a local server replaying real recorded GitHub responses, plus
// GitHub's documented 304, 301, 404 and 403 (primary and secondary rate limit) replies.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GithubClient, RateLimitError, lastPage, samplePages } from '../../src/trending/github-client.ts';
import { startGithubServer, type GithubServer } from '../helpers/github-server.ts';

describe('GitHub client', () => {
  let gh: GithubServer;
  const sleeps: number[] = [];
  const client = (token: string | null = null, maxWaitMs = 60_000) =>
    new GithubClient({ apiUrl: gh.url, token, maxWaitMs, secondaryWaitMs: 50, sleep: async (ms) => { sleeps.push(ms); await new Promise((r) => setTimeout(r, Math.min(ms, 50))); } });

  before(async () => {
    gh = await startGithubServer();
  });
  after(async () => gh?.close());

  it('reads the star count from the real recorded GET /repos/PyGithub/PyGithub', async () => {
    const r = await client().getRepo('PyGithub/PyGithub');
    assert.deepEqual(r, { kind: 'ok', fullName: 'PyGithub/PyGithub', stars: 7122, etag: 'W/"37ea58577585c38f93634ef43114c657de2581286eb6976ec18c274de296eff0"' });
  });

  it('sends the ETag back and takes 304 as unchanged', async () => {
    gh.addRepo('acme/fast-llm', 120);
    const c = client();
    const first = await c.getRepo('acme/fast-llm');
    assert.equal(first.kind, 'ok');
    const again = await c.getRepo('acme/fast-llm', first.kind === 'ok' ? first.etag : null);
    assert.equal(again.kind, 'not-modified');
    gh.setStars('acme/fast-llm', 130);
    const changed = await c.getRepo('acme/fast-llm', first.kind === 'ok' ? first.etag : null);
    assert.equal(changed.kind === 'ok' && changed.stars, 130);
  });

  it('follows a 301 rename to the new name', async () => {
    gh.addRepo('olduser/vision-kit', 55);
    gh.rename('olduser/vision-kit', 'neworg/vision-kit');
    const r = await client().getRepo('olduser/vision-kit');
    assert.deepEqual(r.kind === 'renamed' && [r.fullName, r.stars], ['neworg/vision-kit', 55]);
  });

  it('takes 404 as gone', async () => {
    assert.deepEqual(await client().getRepo('nobody/deleted-repo'), { kind: 'gone', status: 404 });
  });

  it('waits until X-RateLimit-Reset after a primary rate-limit 403, then succeeds', async () => {
    gh.addRepo('acme/limited', 9);
    gh.exhaustRateLimit(1500);
    const started = Date.now();
    sleeps.length = 0;
    const c = new GithubClient({ apiUrl: gh.url, token: null, maxWaitMs: 10_000 });
    const r = await c.getRepo('acme/limited');
    assert.equal(r.kind === 'ok' && r.stars, 9);
    assert.ok(Date.now() - started >= 1000, 'it waited for the reset');
    const limited = gh.log.filter((l) => l.path === '/repos/acme/limited');
    assert.deepEqual(limited.map((l) => l.status), [403, 200], 'one 403, then no request until the reset');
  });

  it('gives up with RateLimitError when the reset is further away than it may wait', async () => {
    gh.exhaustRateLimit(60_000);
    await assert.rejects(client(null, 1000).getRepo('acme/limited'), RateLimitError);
    gh.exhaustRateLimit(0);
  });

  it('honours Retry-After on a secondary rate limit', async () => {
    sleeps.length = 0;
    gh.secondaryLimitOnce(2);
    const r = await client().getRepo('acme/limited');
    assert.equal(r.kind, 'ok');
    assert.ok(sleeps.some((ms) => ms >= 2000), `slept ${sleeps.join(', ')} ms`);
  });

  it('batches repositories through GraphQL with a token: found, renamed and missing', async () => {
    gh.addRepo('acme/batch-a', 1);
    gh.addRepo('acme/batch-b', 2);
    const names = ['acme/batch-a', 'acme/batch-b', 'olduser/vision-kit', 'nobody/missing'];
    const found = await client('ghp_test').getReposBatch(names);
    assert.deepEqual([...found.values()].map((r) => r.kind), ['ok', 'ok', 'renamed', 'gone']);
    await assert.rejects(client().getReposBatch(names), /GITHUB_TOKEN/);
  });

  it('backfills star history from the real recorded /stargazers with starred_at', async () => {
    const history = await client().getStarHistory('danvk/comparea');
    assert.equal(history.length, 6);
    assert.deepEqual(history[0], { at: Date.parse('2014-08-13T19:22:05Z'), stars: 1 });
    assert.deepEqual(history[5], { at: Date.parse('2015-05-09T19:14:45Z'), stars: 6 });
  });

  it('walks recorded stargazer pages by the Link header within a page budget', async () => {
    const before = gh.log.length;
    await client().getStarHistory('PyGithub/PyGithub', 10, 30);
    const pages = gh.log.slice(before).map((l) => l.path);
    assert.deepEqual(pages, [1, 2, 3].map((n) => `/repos/PyGithub/PyGithub/stargazers?per_page=30&page=${n}`));
  });
});

describe('stargazer paging', () => {
  it('reads rel="last"', () => {
    assert.equal(lastPage('<https://api.github.com/repos/a/b/stargazers?page=2>; rel="next", <https://api.github.com/repos/a/b/stargazers?page=3>; rel="last"'), 3);
    assert.equal(lastPage(null), null);
  });
  it('samples pages evenly with both ends', () => {
    assert.deepEqual(samplePages(3, 10), [1, 2, 3]);
    assert.deepEqual(samplePages(400, 5), [1, 101, 201, 300, 400]);
    assert.deepEqual(samplePages(400, 1), [1]);
  });
});
