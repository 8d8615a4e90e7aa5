#!/usr/bin/env bash
# The cost of a paper-scale run, measured per stage kind and compared with analyze --plan's estimates.
#
# A BERT-base-shaped model (12 layers x 768, random weights: models/build_benchmark_model.py), all 13 layers, K 600,
# one seed, Multi30k en-de, at three corpus sizes. Each stage runs as its own process (analyze --stage, as a Slurm task
# would), under /usr/bin/time, so every stage's wall time and peak memory are its own. Prints per size and stage kind:
# stages, measured seconds, estimated seconds, the largest peak memory of one task, and disk; then the growth with size.
#
# Usage (repository root): tests/benchmarks/paper_scale.sh [sizes="1000 2000 4000"] [k=600] [layers=all]
# STORE_ALL=1 stores every word's vector (store_all_vectors), the storage before the frequency filter moved ahead of
# extraction: run the script both ways to see what that saves.
# Needs /usr/bin/python3 with torch and onnx (for the model, once) and ../shared/data/multi30k. Takes about
# 3 min per 1,000 pairs on the 2-core development machine; run it on a quiet machine.
set -euo pipefail
sizes=${1:-"1000 2000 4000"}; k=${2:-600}; layers=${3:-all}
store_all=false; [ "${STORE_ALL:-0}" = 1 ] && store_all=true
dir=${BENCH_DIR:-/tmp/mlnc-paper-scale}-$([ "$store_all" = true ] && echo all || echo kept); mkdir -p "$dir"
data=../shared/data/multi30k
[ -f "$data/train.en.gz" ] || { echo "paper_scale: $data/train.en.gz not found (see ../shared/data/README.md)" >&2; exit 2; }
[ -f models/bench-bert-base/model.onnx ] || /usr/bin/python3 models/build_benchmark_model.py
dotnet build src/MLNetConcepts.Cli -c Release -v quiet -nologo >/dev/null
cli=(dotnet src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll)

echo "== paper scale: bench-bert-base (13 layers x 768), K $k, layers $layers, sizes $sizes, store_all_vectors $store_all; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
  run=$dir/run-$n; rm -rf "$run"; mkdir -p "$dir/corpus-$n"
  # head closing the pipe early is no failure: read through process substitution, outside pipefail.
  for l in en de; do head -n "$n" < <(zcat "$data/train.$l.gz") > "$dir/corpus-$n/train.$l"; done
  layer_json='"all"'; [ "$layers" = all ] || layer_json="[$layers]"
  cat > "$dir/run-$n.json" <<EOF
{ "models": [ { "label": "base", "path": "$(pwd)/models/bench-bert-base" } ],
  "corpus": [ { "languages": ["en", "de"], "files": ["$dir/corpus-$n/train.en", "$dir/corpus-$n/train.de"] } ],
  "layers": $layer_json,
  "store_all_vectors": $store_all,
  "options": { "k": [$k], "seeds": 1 } }
EOF
  "${cli[@]}" analyze --config "$dir/run-$n.json" --out "$run" --plan > "$dir/plan-$n.txt"
  # Each stage in plan order (dependencies first), as its own process.
  /usr/bin/python3 -c 'import json,sys; [print(s["id"]) for s in json.load(open(sys.argv[1]))["stages"]]' "$run/plan.json" > "$dir/stages-$n.txt"
  : > "$dir/measured-$n.tsv"
  while IFS= read -r stage; do
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" "${cli[@]}" analyze --config "$dir/run-$n.json" --out "$run" --stage "$stage" --quiet >/dev/null
    printf '%s\t%s\n' "$stage" "$(cat "$dir/time.txt")" >> "$dir/measured-$n.tsv"   # process wall seconds, peak KB
  done < "$dir/stages-$n.txt"
  du -sb "$run"/model=base/corpus=en-de/activations | cut -f1 > "$dir/activations-$n.txt"
done

/usr/bin/python3 - "$dir" $sizes <<'PY'
import json, sys, collections
d, sizes = sys.argv[1], sys.argv[2:]
rows = {}
for n in sizes:
    plan = {s["id"]: s for s in json.load(open(f"{d}/run-{n}/plan.json"))["stages"]}
    record = json.load(open(f"{d}/run-{n}/run.json"))["stages"]
    per = collections.defaultdict(lambda: [0, 0.0, 0.0, 0, 0])
    for line in open(f"{d}/measured-{n}.tsv"):
        stage, rest = line.rstrip("\n").split("\t")
        _, kb = rest.split()   # the process's wall time includes starting and planning; the stage's own seconds are in run.json
        s = plan[stage]; p = per[s["kind"]]
        p[0] += 1; p[1] += record[stage]["seconds"]; p[2] += s["estimated_seconds"]; p[3] = max(p[3], int(kb) * 1024); p[4] += s["estimated_disk_bytes"]
    rows[n] = per
    act = int(open(f"{d}/activations-{n}.txt").read())
    print(f"\n-- {n} pairs (activations on disk {act / 2**30:.2f} GiB)")
    print(f"{'kind':<11}{'stages':>7}{'measured s':>12}{'estimated s':>13}{'peak MiB/task':>15}{'est. disk MiB':>15}")
    for kind, (c, m, e, peak, disk) in per.items():
        print(f"{kind:<11}{c:>7}{m:>12.1f}{e:>13.1f}{peak / 2**20:>15.0f}{disk / 2**20:>15.0f}")
    print(f"{'total':<11}{sum(p[0] for p in per.values()):>7}{sum(p[1] for p in per.values()):>12.1f}{sum(p[2] for p in per.values()):>13.1f}")
if len(sizes) > 1:
    a, b = sizes[0], sizes[-1]
    print(f"\n-- growth from {a} to {b} pairs (x{int(b) / int(a):.1f} data): measured time ratio per kind")
    for kind in rows[b]:
        if kind in rows[a] and rows[a][kind][1] > 0:
            print(f"{kind:<11} x{rows[b][kind][1] / rows[a][kind][1]:.2f}   peak memory x{rows[b][kind][3] / max(1, rows[a][kind][3]):.2f}")
PY
