// "List · Grid": how a listing shows its papers; the choice is remembered (view-choice.ts).
import type { ListingView } from './paper-row.tsx';
import { viewHref } from '../view-choice.ts';

export function ViewSwitch({ view, here }: { view: ListingView; here?: string }) {
  return (
    <nav class="tabs view-switch" aria-label="Listing view">
      <a href={viewHref('list', here)} aria-current={view === 'list' ? 'true' : undefined} rel="nofollow">
        List
      </a>
      <a href={viewHref('grid', here)} aria-current={view === 'grid' ? 'true' : undefined} rel="nofollow">
        Grid
      </a>
    </nav>
  );
}
