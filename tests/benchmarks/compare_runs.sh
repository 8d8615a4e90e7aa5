#!/usr/bin/env bash
# Compares every table of two analyze run folders except the activations, row for row with DuckDB (multiset
# difference both ways), to show a change left analyze's results unchanged. Needs tests/tools' DuckDB (npm ci there).
# Usage (repository root): tests/benchmarks/compare_runs.sh RUN_BEFORE RUN_AFTER
set -euo pipefail
query="$(cd "$(dirname "$0")/../tools" && pwd)/duckdb-query.mjs"
a=$(cd "$1" && pwd) b=$(cd "$2" && pwd)
differ=0
while IFS= read -r table; do
  sql="SELECT (SELECT count(*) FROM read_parquet('$a/$table')) AS rows_before,
    (SELECT count(*) FROM read_parquet('$b/$table')) AS rows_after,
    (SELECT count(*) FROM (SELECT * FROM read_parquet('$a/$table') EXCEPT ALL SELECT * FROM read_parquet('$b/$table'))) AS only_before,
    (SELECT count(*) FROM (SELECT * FROM read_parquet('$b/$table') EXCEPT ALL SELECT * FROM read_parquet('$a/$table'))) AS only_after"
  result=$(node "$query" "$sql")
  echo "$table $result"
  [[ "$result" == *'"only_before":"0","only_after":"0"'* ]] || differ=1
done < <(cd "$a" && find . -name "*.parquet" ! -path "*/activations/*" | sort)
if [ "$differ" = 0 ]; then echo "every table identical"; else echo "tables differ"; exit 1; fi
