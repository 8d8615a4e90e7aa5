#!/usr/bin/env bash
# Extraction throughput: the C# extractor (the `extract` command, Parquet output included) against PyTorch
# eager on the same BERT-base-shaped model (12 layers, hidden 768, random weights) and the same sentences,
# at the same thread count. Peak memory is measured for two corpus sizes to show it does not grow with them.
#
# Usage: tests/benchmarks/extraction.sh [SENTENCES=512] [THREADS=2] [BATCH=32]
# Needs: /usr/bin/python3 with Debian's python3-torch and libopenblas0-pthread, GNU time, ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
sentences=${1:-512}
threads=${2:-2}
batch=${3:-32}
model=models/bench-bert-base
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -f "$model/model.onnx" ] || /usr/bin/python3 models/build_benchmark_model.py
{ zcat ../shared/data/multi30k/val.de.gz || true; } | head -n "$sentences" > "$work/sentences.txt"
head -n $((sentences / 4)) "$work/sentences.txt" > "$work/quarter.txt"
dotnet build src/MLNetConcepts.Cli -c Release -v quiet -nologo > /dev/null
cli=(dotnet src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll)

peak() { awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$1"; }

echo "== PyTorch eager ($sentences sentences, $threads threads, batch $batch)"
/usr/bin/time -v /usr/bin/python3 models/bench_pytorch.py --model-dir "$model" --sentences "$work/sentences.txt" \
  --batch-size "$batch" --threads "$threads" 2> "$work/torch.time" | tee "$work/torch.out"
echo "peak RSS: $(peak "$work/torch.time") MiB"

for input in quarter sentences; do
  echo "== MLNetConcepts extract ($(wc -l < "$work/$input.txt") sentences, $threads threads, batch $batch, all 13 layers to Parquet)"
  /usr/bin/time -v "${cli[@]}" extract --model "$model" --input "$work/$input.txt" --language de --out "$work/out-$input" \
    --layers all --batch-size "$batch" --threads "$threads" 2> "$work/cs-$input.time"
  echo "peak RSS: $(peak "$work/cs-$input.time") MiB"
done
