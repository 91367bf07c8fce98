#!/bin/bash
# The PostgreSQL pair again (round 1's apisearch run hung on a migration lock, see ab-apisearch-pg-r1-hung.txt).
R='/papers;/api/daily_papers|/api/daily_papers?week=2025-W52|/api/daily_papers?month=2025-11&p=1;/search?q=transformer|/search?q=diffusion%20model|/search?q=graph%20neural%20network|/search?q=reinforcement%20learning'
OUT=/work/wt-api/bench/results/2026-12-07e
url='postgres://postgres@127.0.0.1:5432/test?schema=bench_http'
for tree in apisearch main; do
  dir=/work/wt-api-main; [ $tree = apisearch ] && dir=/work/wt-api
  (cd $dir && ROUTES="$R" SECS=8 /work/main/scripts/bench-run node --import tsx bench/_prof-run.tmp.ts "$url" /tmp/api-ab-$tree-pg-3) > $OUT/ab-$tree-pg-r3.txt 2>&1
done
