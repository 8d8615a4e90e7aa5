#!/usr/bin/env bash
# CALIGN's spread over K-means seeds: `analyze` on one run description with --seed SEED for each seed into one run
# folder (extraction and the dictionary are reused; only clustering, metrics and the report rerun), then mean ±
# standard deviation per model, direction and layer, read with DuckDB (tests/tools; `cd tests/tools && npm ci`).
# The seed-spread figures of docs/results.md: tests/benchmarks/seed_spread.sh examples/demo-run.json
# Usage (repository root): tests/benchmarks/seed_spread.sh [DESCRIPTION=examples/demo-run.json] [SEEDS="212 213 214 215 216"]
set -euo pipefail
description=${1:-examples/demo-run.json}; seeds=${2:-212 213 214 215 216}
out=${SEED_DIR:-/tmp/mlnc-seed-spread}; mkdir -p "$out"
dotnet build src/MLNetConcepts.Cli -c Release -v quiet -nologo >/dev/null
for seed in $seeds; do
    dotnet src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll analyze --config "$description" --seed "$seed" \
        --out "$out/run" --quiet >/dev/null
    (cd tests/tools && node duckdb-query.mjs "SELECT model, source_language || '->' || target_language AS direction, layer, calign
        FROM read_parquet('$out/run/model=*/corpus=*/calign.parquet', hive_partitioning = true)
        WHERE source_component = target_component") > "$out/calign-$seed.json"
    echo "seed $seed done" >&2
done
/usr/bin/python3 - "$out" $seeds <<'PY'
import json, statistics, sys
from collections import defaultdict
folder, seeds = sys.argv[1], sys.argv[2:]
values = defaultdict(list)
for seed in seeds:
    for row in json.load(open("%s/calign-%s.json" % (folder, seed))):
        values[(row["direction"], row["model"], row["layer"])].append(row["calign"])
layers = sorted({key[2] for key in values})
print("CALIGN (%%), mean ± sd over seeds %s; layers %s" % (" ".join(seeds), " / ".join(map(str, layers))))
for direction, model in sorted({key[:2] for key in values}):
    cells = ["%.1f±%.1f" % (statistics.mean(values[(direction, model, l)]), statistics.pstdev(values[(direction, model, l)]))
             for l in layers]
    print("%-8s %-12s %s" % (direction, model, " / ".join(cells)))
PY
