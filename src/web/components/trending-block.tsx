// The paper page's trending block: why the paper trends this week, and its star-history chart.
import { raw } from 'hono/html';

export function TrendingBlock(props: { explanation: string | null; chartSvg: string | null }) {
  return (
    <>
      {props.explanation ? (
        <p>
          <a href="/about#trending">Trending</a> this week: {props.explanation}
        </p>
      ) : null}
      {props.chartSvg ? <figure class="star-history">{raw(props.chartSvg)}</figure> : null}
    </>
  );
}
