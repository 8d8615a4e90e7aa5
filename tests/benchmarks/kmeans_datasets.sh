#!/usr/bin/env bash
# The three data sets of the K-means benchmark (issue 12), as .npy files under ${BENCH_DIR:-/tmp/mlnc-bench}:
#   demo-base-l6.npy   real word vectors: models/demo-base, layer 6, the first 10,000 Multi30k English training
#                      sentences, the default frequency filter (what `cluster` would cluster);
#   bert-base-l6.npy   50,000 BERT-base-sized 768-d vectors: the extraction benchmark model (random weights), layer 6,
#                      Multi30k English training sentences, every word kept (--min-frequency 1), first 50,000;
#   blobs.npy          6,000 points of a well-separated 50-blob Gaussian mixture in 64-d.
# Then: tests/benchmarks/run.sh $BENCH_DIR/demo-base-l6.npy 600 2 1   (and 10 inits; bert-base-l6 at 600; blobs at 50)
# Needs ../shared/data and /usr/bin/python3 with numpy (and torch + onnx for the benchmark model).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${BENCH_DIR:-/tmp/mlnc-bench}; mkdir -p "$dir"
dotnet build tests/MLNetConcepts.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet build src/MLNetConcepts.Cli -c Release -v quiet -nologo >/dev/null
bench=(dotnet tests/MLNetConcepts.Benchmarks/bin/Release/net10.0/MLNetConcepts.Benchmarks.dll)
cli=(dotnet src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll)

if [ ! -f "$dir/demo-base-l6.npy" ]; then
  { zcat ../shared/data/multi30k/train.en.gz || true; } | head -n 10000 > "$dir/train10k.en"
  rm -rf "$dir/demo-base-act"
  "${cli[@]}" extract --model models/demo-base --input "$dir/train10k.en" --language en --layers 6 --out "$dir/demo-base-act"
  "${bench[@]}" export-npy "$dir/demo-base-act" 6 "$dir/demo-base-l6.npy"
fi
if [ ! -f "$dir/bert-base-l6.npy" ]; then
  [ -f models/bench-bert-base/model.onnx ] || /usr/bin/python3 models/build_benchmark_model.py
  { zcat ../shared/data/multi30k/train.en.gz || true; } | head -n 5000 > "$dir/train5k.en"
  rm -rf "$dir/bert-base-act"
  "${cli[@]}" extract --model models/bench-bert-base --input "$dir/train5k.en" --language en --layers 6 --out "$dir/bert-base-act"
  "${bench[@]}" export-npy "$dir/bert-base-act" 6 "$dir/bert-base-l6.npy" 1 1000000 50000
fi
[ -f "$dir/blobs.npy" ] || /usr/bin/python3 tests/benchmarks/make_vectors.py "$dir/blobs.npy" 6000 64 50 0 blobs
ls -la "$dir"/*.npy
