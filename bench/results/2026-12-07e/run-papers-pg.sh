#!/bin/bash
# /papers on PostgreSQL, committed branch vs main (the PG rounds 2-3 of apisearch ran with a /papers change since reverted).
OUT=/work/wt-api/bench/results/2026-12-07e
url='postgres://postgres@127.0.0.1:5432/test?schema=bench_http'
for tree in apisearch main; do
  dir=/work/wt-api-main; [ $tree = apisearch ] && dir=/work/wt-api
  (cd $dir && ROUTES='/papers;/api/daily_papers|/api/daily_papers?week=2025-W52|/api/daily_papers?month=2025-11&p=1' SECS=8 /work/main/scripts/bench-run node --import tsx bench/_prof-run.tmp.ts "$url" /tmp/api-ab-$tree-pg-4 1) > $OUT/ab-$tree-pg-r4.txt 2>&1
done
