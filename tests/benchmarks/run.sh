#!/usr/bin/env bash
# K-means side by side on the same vectors, same K, same number of inits, same threads: MLNetConcepts' default trainer
# (--trainer kmeans++), scikit-learn's KMeans, and ML.NET's KMeansTrainer (--trainer mlnet; MLNC_SKIP_MLNET=1 skips it).
# Usage (repository root): tests/benchmarks/run.sh VECTORS.npy [k=600] [threads=2] [inits=1]
# Prints each tool's JSON line (fit seconds, iterations, within-cluster sum of squares from the labels) and its
# process's wall time and peak memory (/usr/bin/time -v). make_vectors.py and kmeans_datasets.sh write vectors.
set -euo pipefail
vectors=$1; k=${2:-600}; threads=${3:-2}; inits=${4:-1}
dir=${BENCH_DIR:-/tmp/mlnc-bench}; mkdir -p "$dir"
dotnet build tests/MLNetConcepts.Benchmarks -c Release -v quiet -nologo >/dev/null
bench=tests/MLNetConcepts.Benchmarks/bin/Release/net10.0/MLNetConcepts.Benchmarks.dll
name=$(basename "$vectors" .npy)
report() { grep -E "Maximum resident|Elapsed \(wall" "$1" | sed 's/^\s*/   /'; }

echo "== $name: K $k, $inits init(s), $threads threads; load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v -o "$dir/$name-ours.time" dotnet "$bench" "$vectors" "$k" 212 "$threads" "$inits"
report "$dir/$name-ours.time"
# The machine's OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE pin an older kernel; unset for this one command, as a user's numpy runs.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" \
  /usr/bin/time -v -o "$dir/$name-sklearn.time" /usr/bin/python3 tests/benchmarks/sklearn_kmeans.py "$vectors" "$k" 212 "$threads" "$inits"
report "$dir/$name-sklearn.time"
if [ "${MLNC_SKIP_MLNET:-0}" != 1 ]; then
  /usr/bin/time -v -o "$dir/$name-mlnet.time" dotnet "$bench" "$vectors" "$k" 212 "$threads" "$inits" mlnet
  report "$dir/$name-mlnet.time"
fi
