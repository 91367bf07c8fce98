// The dependency rule (ARCHITECTURE.md): delivery (web, api, feeds, mcp, cli) → features → store → db.
// `npm run depcheck` checks src/ against it; scripts/test.mjs runs it, so CI fails on a break.
/* eslint-disable */
const FEATURES = '^src/(ingest|search|trending|daily|digest|community|jobs|mail|foryou|figures)/';
const DELIVERY = '^src/(web|api|feeds|mcp|cli)/|^src/main\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one; split out what both need. Known, to undo: the type-only ' +
        'pair web/context.ts ↔ web/render-record.ts (AppEnv names the render record, which takes the context).',
      severity: 'error',
      from: { pathNot: '^src/web/(context|render-record)\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'features-not-delivery',
      comment: 'Features are used by web/, api/, feeds/, mcp/ and cli/, never the other way round.',
      severity: 'error',
      from: { path: `${FEATURES}|^src/(store|db)/|^src/(model|config|errors|periods|open-store)\\.ts$` },
      to: { path: DELIVERY },
    },
    {
      name: 'no-web-below-web',
      comment: 'Only web/, api/, feeds/ and mcp/ speak HTTP: nothing else imports web/ or hono.',
      severity: 'error',
      from: { pathNot: '^src/(web|api|feeds|mcp)/|^src/cli/serve\\.ts$' },
      to: { path: '^src/web/|^node_modules/hono/|^node_modules/@hono/' },
    },
    {
      name: 'api-feeds-not-web',
      comment: 'api/ and feeds/ sit beside web/: shared helpers live in a neutral module.',
      severity: 'error',
      from: { path: '^src/(api|feeds)/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'store-only-db-and-model',
      comment: 'SQL functions depend on the database interface and the data model only. One known ' +
        'exception: the trending formula (trending/score.ts), which store/trending.ts computes ' +
        'set-wise in SQL; it is a leaf (next rule), so the store does not pull in the rest of the feature.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: '^src/(store|db)/|^src/(model|errors|periods)\\.ts$|^src/trending/score\\.ts$' },
    },
    {
      name: 'trending-formula-is-a-leaf',
      comment: 'The formula the store may import must not bring the rest of trending/ with it.',
      severity: 'error',
      from: { path: '^src/trending/score\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(model|periods)\\.ts$' },
    },
    {
      name: 'db-is-the-bottom',
      comment: 'db/ knows nothing of the tables or the features built on it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: '^src/db/|^src/errors\\.ts$' },
    },
    {
      name: 'cli-not-main',
      comment: 'main.ts loads the commands; a command importing it is a cycle in waiting.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/main\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
