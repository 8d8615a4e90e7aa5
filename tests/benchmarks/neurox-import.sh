#!/usr/bin/env bash
# `cluster` on NeuroX JSON activations: what reading NeuroX's text format costs, and that it streams (peak memory
# stays far below the file's size). Writes a random NeuroX JSON file (NeuroX's layout and 8-decimal rounding) of
# SENTENCES x 10 words x LAYERS x DIM and clusters one layer (K=50) under /usr/bin/time -v; the "neurox:" line
# gives the import's own seconds. Usage (repository root): tests/benchmarks/neurox-import.sh [sentences=1000] [layers=3] [dim=768]
set -euo pipefail
sentences=${1:-1000}; layers=${2:-3}; dim=${3:-768}
dir=${BENCH_DIR:-/tmp/mlnc-bench-neurox}; mkdir -p "$dir"
json="$dir/en-$sentences-$layers-$dim.json"; text="$dir/en-$sentences.txt"
if [ ! -f "$json" ]; then
  /usr/bin/python3 - "$json" "$text" "$sentences" "$layers" "$dim" <<'PY'
import collections, json, random, sys
path, text, sentences, layers, dim = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(212)
with open(path, "w") as out, open(text, "w") as words_out:
    for s in range(sentences):
        words = [f"w{rng.randrange(400)}" for _ in range(10)]
        words_out.write(" ".join(words) + "\n")
        features = []
        for w in words:
            feature = collections.OrderedDict(token="\u2581" + w, layers=[
                collections.OrderedDict(index=l, values=[round(rng.gauss(0, 1), 8) for _ in range(dim)]) for l in range(layers)])
            features.append(feature)
        out.write(json.dumps(collections.OrderedDict(linex_index=s, features=features)) + "\n")
PY
fi
dotnet build src/MLNetConcepts.Cli -c Release -v quiet -nologo >/dev/null
cli="dotnet src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll"
ls -l "$json" | awk '{print "json bytes:", $5}'
/usr/bin/time -v -o "$dir/json.time" $cli cluster --activations "$json" --language en --text "$text" --layers 0 --k 50 \
    --min-frequency 1 --out "$dir/from-json.parquet" 2>&1 | grep -E "^neurox:"
grep -E "Maximum resident|Elapsed \(wall" "$dir/json.time"
