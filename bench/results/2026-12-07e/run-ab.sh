#!/bin/bash
# A/B: main (d4d27ec, worktree /work/wt-api-main) and apisearch, alternating, 2 rounds, SQLite and PostgreSQL.
R='/papers;/api/daily_papers|/api/daily_papers?week=2025-W52|/api/daily_papers?month=2025-11&p=1;/search?q=transformer|/search?q=diffusion%20model|/search?q=graph%20neural%20network|/search?q=reinforcement%20learning'
OUT=/work/wt-api/bench/results/2026-12-07e
for round in 1 2; do
  for db in sqlite pg; do
    url=sqlite:/work/main/data/bench/http.db; [ $db = pg ] && url='postgres://postgres@127.0.0.1:5432/test?schema=bench_http'
    for tree in main apisearch; do
      dir=/work/wt-api-main; [ $tree = apisearch ] && dir=/work/wt-api
      (cd $dir && ROUTES="$R" SECS=8 /work/main/scripts/bench-run node --import tsx bench/_prof-run.tmp.ts "$url" /tmp/api-ab-$tree-$db-$round) > $OUT/ab-$tree-$db-r$round.txt 2>&1
    done
  done
done
