#!/usr/bin/env bash
# The whole `cluster` command (Parquet activations -> frequency filter -> K-means -> concepts.parquet) on the
# benchmark vectors, under /usr/bin/time -v. Usage (repository root): tests/benchmarks/run-cli.sh [rows=50000] [dim=768] [k=600] [layers=1] [trainer=kmeans++]
set -euo pipefail
rows=${1:-50000}; dim=${2:-768}; k=${3:-600}; layers=${4:-1}; trainer=${5:-kmeans++}
dir=${BENCH_DIR:-/tmp/mlnc-bench}; mkdir -p "$dir"
vectors="$dir/vectors-$rows-$dim.npy"
[ -f "$vectors" ] || /usr/bin/python3 tests/benchmarks/make_vectors.py "$vectors" "$rows" "$dim"
dotnet build tests/MLNetConcepts.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet build src/MLNetConcepts.Cli -c Release -v quiet -nologo >/dev/null
activations="$dir/activations-$rows-$dim-$layers"
[ -d "$activations" ] || dotnet tests/MLNetConcepts.Benchmarks/bin/Release/net10.0/MLNetConcepts.Benchmarks.dll write-activations "$vectors" "$activations" "$layers"
/usr/bin/time -v -o "$dir/cli.time" dotnet src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll cluster \
    --activations "$activations" --out "$dir/concepts-$rows-$dim-$layers.parquet" --k "$k" --min-frequency 1 --trainer "$trainer"
grep -E "Maximum resident|Elapsed \(wall" "$dir/cli.time"
