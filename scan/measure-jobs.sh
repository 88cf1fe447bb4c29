#!/bin/bash
# usage: scan/measure-jobs.sh JOBS OUTPREFIX (absolute): deepfake-scan over ../shared/data/videos with --jobs JOBS;
# writes OUTPREFIX.{jsonl,err,summary.json} and appends the exit code and peak RSS (KB) of the
# whole process tree (node + Chromium) to OUTPREFIX.err. Used for docs/decisions.md ("--jobs").
cd "$(dirname "$0")/.."
J=$1; P=$2
node bin/deepfake-scan.mjs --backend wasm --jobs $J --summary $P.summary.json ../shared/data/videos > $P.jsonl 2> $P.err &
PID=$!
peak=0
while kill -0 $PID 2>/dev/null; do
  pids=$(pstree -p $PID 2>/dev/null | grep -o '([0-9]*)' | tr -d '()' | tr '\n' ',' | sed 's/,$//')
  if [ -n "$pids" ]; then
    rss=$(ps -o rss= -p $pids 2>/dev/null | awk '{s+=$1} END {print s+0}')
    [ "$rss" -gt "$peak" ] && peak=$rss
  fi
  sleep 1
done
wait $PID; echo "exit $?" >> $P.err
echo "peak_rss_kb $peak" >> $P.err
