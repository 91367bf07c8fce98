// Pagination links for a long listing: previous/next page and "page N of M".
export interface PagerProps {
  /** 0-based page shown. */
  page: number;
  pageSize: number;
  total: number;
  /** URL of a 0-based page. */
  href: (page: number) => string;
}

export function Pager({ page, pageSize, total, href }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 0 ? <a href={href(page - 1)} rel="prev">← Previous page</a> : <span />}
      <span class="muted">
        Page {page + 1} of {pages}
      </span>
      {page + 1 < pages ? <a href={href(page + 1)} rel="next">Next page →</a> : <span />}
    </nav>
  );
}
