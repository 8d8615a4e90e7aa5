#!/usr/bin/env bash
# Clustering benchmark: MLNetConcepts (ML.NET KMeansTrainer) against scikit-learn's KMeans on the same vectors.
# Usage: tests/benchmarks/run.sh [rows=50000] [dim=768] [k=600] [threads]   (from the repository root)
# Writes its files under ${BENCH_DIR:-/tmp/mlnc-bench}; prints each tool's JSON line and /usr/bin/time's peak memory.
set -euo pipefail
rows=${1:-50000}; dim=${2:-768}; k=${3:-600}; threads=${4:-}
dir=${BENCH_DIR:-/tmp/mlnc-bench}; mkdir -p "$dir"
vectors="$dir/vectors-$rows-$dim.npy"
[ -f "$vectors" ] || /usr/bin/python3 tests/benchmarks/make_vectors.py "$vectors" "$rows" "$dim"
dotnet build tests/MLNetConcepts.Benchmarks -c Release -v quiet -nologo >/dev/null
bench=tests/MLNetConcepts.Benchmarks/bin/Release/net10.0/MLNetConcepts.Benchmarks.dll

echo "== MLNetConcepts (ML.NET KMeansTrainer)"
/usr/bin/time -v -o "$dir/mlnet.time" dotnet "$bench" "$vectors" "$k" 212 $threads | tee "$dir/mlnet.json"
grep -E "Maximum resident|Elapsed \(wall" "$dir/mlnet.time"

echo "== scikit-learn KMeans"
/usr/bin/time -v -o "$dir/sklearn.time" /usr/bin/python3 tests/benchmarks/sklearn_kmeans.py "$vectors" "$k" 212 | tee "$dir/sklearn.json"
grep -E "Maximum resident|Elapsed \(wall" "$dir/sklearn.time"
