// `/for-you`: the member's personal feed, each paper with why it is there and ways to say more or less like it.
import { Layout, renderPage } from '../components/layout.tsx';
import { PaperRow } from '../components/paper-row.tsx';
import { UpvoteForm } from '../components/upvote-form.tsx';
import { NotInterestedButton, SaveButton } from '../components/save-form.tsx';
import { displayedUpvotes } from '../../model.ts';
import type { PageFrame, Viewer } from '../context.ts';
import type { ForYouFeed } from '../../foryou/for-you-service.ts';

/** At most this many papers above a row are sent along as "passed" when the member acts on it. */
const SKIPPED_MAX = 20;

export function renderForYouPage(p: PageFrame & { viewer: Viewer; feed: ForYouFeed; voted: Set<string> }): string {
  const { feed } = p;
  const ids = feed.items.map((i) => i.paper.id);
  return renderPage(
    <Layout title="For you" canonical={`${p.publicUrl}/for-you`} csrfToken={p.csrfToken} viewer={p.viewer} current="for-you">
      <h1>For you</h1>
      {feed.coldStart ? (
        <p class="notice" data-cold-start>
          Your feed learns from what you save and upvote. Until you have saved a few papers it shows what you follow and what is trending.
        </p>
      ) : (
        <p class="muted">
          Ranked by a model of the {feed.liked} paper{feed.liked === 1 ? '' : 's'} you saved and upvoted, with the authors, categories, searches and
          collections you follow and this week's trending. <a href="/collections">Your collections and follows</a> ·{' '}
          <a href="/settings#for-you">your data</a>
        </p>
      )}
      {feed.items.length === 0 ? (
        <p class="notice">Nothing to suggest yet: save or upvote a few papers, or follow an author or category from a paper's page.</p>
      ) : (
        <ol class="papers for-you" aria-label="Papers for you">
          {feed.items.map((item, i) => {
            const skipped = ids.slice(Math.max(0, i - SKIPPED_MAX), i);
            return (
              <PaperRow
                paper={item.paper}
                rank={i + 1}
                why={<span data-reason>{item.reasons.join(' · ')}</span>}
                upvote={
                  <>
                    <UpvoteForm paperId={item.paper.id} upvotes={displayedUpvotes(item.paper)} upvoted={p.voted.has(item.paper.id)} viewer={p.viewer} csrfToken={p.csrfToken} />
                    <SaveButton paperId={item.paper.id} saved={false} viewer={p.viewer} csrfToken={p.csrfToken} skipped={skipped} />
                    <NotInterestedButton paperId={item.paper.id} csrfToken={p.csrfToken} skipped={skipped} />
                  </>
                }
              />
            );
          })}
        </ol>
      )}
    </Layout>,
  );
}
