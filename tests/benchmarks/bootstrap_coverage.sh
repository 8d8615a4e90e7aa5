#!/usr/bin/env bash
# Coverage of the multi-bootstrap interval, checked once by simulation: `analyze` on a run description with many
# K-means seeds (default 20, at three layers), then, for every CALIGN and COLAP cell, many random subsets of 3 seeds:
# how often does the 95% interval of 3 seeds hold the mean over all the seeds? (docs/method.md, "How sure is a number".)
# Usage (repository root): tests/benchmarks/bootstrap_coverage.sh [DESCRIPTION=examples/demo-run.json] [SEEDS=20] [LAYERS=2,4,6]
set -euo pipefail
description=${1:-examples/demo-run.json}; seeds=${2:-20}; layers=${3:-2,4,6}
out=${COVERAGE_DIR:-/tmp/mlnc-coverage}
dotnet build src/MLNetConcepts.Cli -c Release -v quiet -nologo >/dev/null
dotnet build tests/MLNetConcepts.Benchmarks -c Release -v quiet -nologo >/dev/null
start=$(date +%s)
dotnet src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll analyze --config "$description" --seeds "$seeds" \
    --layers "$layers" --out "$out" --quiet >/dev/null
echo "analyze with $seeds seeds: $(( $(date +%s) - start )) s" >&2
dotnet tests/MLNetConcepts.Benchmarks/bin/Release/net10.0/MLNetConcepts.Benchmarks.dll bootstrap-coverage "$out" 3 200
