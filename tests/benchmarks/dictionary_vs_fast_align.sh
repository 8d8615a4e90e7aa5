#!/usr/bin/env bash
# The `dictionary` command against the original fast_align pipeline on the same tokens, threads and machine, in
# one run so the ratios are fair: fast_align -d -o -v in both directions + atools -c grow-diag-final-and (+ a
# Moses-style lexical table, timed apart), and `dictionary` (whole process: read, align both ways, symmetrise,
# lexical table, Parquet written). Corpora: Multi30k train (29,000 de-en pairs), the same four times (linearity),
# Tatoeba de-en (50,002 pairs). Reports wall time and peak RSS (GNU time), P@1 against FreeDict on the 500 most
# frequent German headwords, and top-1 agreement with fast_align on the 500 most frequent German words.
#
# On a loaded machine wall times swing with the load; CPU seconds (user + sys) are steadier, so both are shown.
#
# Usage (repository root): tests/benchmarks/dictionary_vs_fast_align.sh FAST_ALIGN [THREADS=1] [RUNS=1]
#   FAST_ALIGN: clab/fast_align's source, a checkout folder or a bare git directory (a local mirror), or set
#   FAST_ALIGN_SRC. Nothing is downloaded; the build goes to BENCH_DIR (default: a fresh temporary folder).
#   THREADS: OMP_NUM_THREADS for fast_align and --threads for `dictionary`. RUNS: medians over this many runs.
#   CORPORA (environment): which of m30k, tat, m30k4 to run (default all three).
# Needs: cmake, g++, libsparsehash-dev, GNU time, /usr/bin/python3, dict-freedict-deu-eng, ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=${1:-${FAST_ALIGN_SRC:-}}
threads=${2:-1}
runs=${3:-1}
[ -n "$src" ] || { echo "usage: $0 FAST_ALIGN_SOURCE [THREADS=1] [RUNS=1]" >&2; exit 2; }
freedict=/usr/share/dictd/freedict-deu-eng.dict.dz
[ -f "$freedict" ] || { echo "$freedict is absent (apt-get install dict-freedict-deu-eng)" >&2; exit 2; }
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"

# fast_align, built from the given source with its own CMake settings (-O3, OpenMP, sparsehash when present).
if [ ! -x "$work/fast_align/build/fast_align" ]; then
  rm -rf "$work/fast_align" && mkdir -p "$work/fast_align"
  if [ -d "$src/src" ]; then cp -r "$src/." "$work/fast_align/"; else git --git-dir="$src" archive HEAD | tar -x -C "$work/fast_align"; fi
  (cd "$work/fast_align" && mkdir -p build && cd build && cmake .. -DCMAKE_BUILD_TYPE=Release > /dev/null && make -j"$threads" > /dev/null 2>&1)
fi
fa="$work/fast_align/build"
grep -q HAVE_SPARSEHASH "$fa/CMakeFiles/fast_align.dir/flags.make" || echo "note: fast_align built without sparsehash (slower, more memory)"

dotnet build src/MLNetConcepts.Cli -c Release -v quiet -nologo > /dev/null
dotnet build tests/MLNetConcepts.Benchmarks -c Release -v quiet -nologo > /dev/null
cli=(dotnet src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll)
bench=(dotnet tests/MLNetConcepts.Benchmarks/bin/Release/net10.0/MLNetConcepts.Benchmarks.dll)
[ -f "$work/tat.fa" ] || /usr/bin/python3 tests/benchmarks/dictionary_eval.py prepare "$work"

wall() { awk -F': ' '/Elapsed \(wall/ { n = split($2, t, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + t[k]; print s }' "$1"; }
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$1"; }
rss() { awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
export OMP_NUM_THREADS=$threads

echo "threads $threads, runs $runs, $(nproc --all) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| corpus | ours: wall s, CPU s, peak MiB | fast_align (2 directions + atools): wall s, CPU s, peak MiB | ratio wall, CPU | lexical table (Python) s | P@1 ours / fast_align | top-1 agreement |\n|---|---|---|---|---|---|---|\n'
for corpus in ${CORPORA:-m30k tat m30k4}; do
  c="$work/$corpus"
  : > "$c.ours.walls"; : > "$c.fa.walls"; : > "$c.ours.cpus"; : > "$c.fa.cpus"; ours_peak=0; fa_peak=0
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -v -o "$c.ours.time" "${cli[@]}" dictionary --source "$c.de" --target "$c.en" --source-language de \
      --target-language en --out "$c.ours.parquet" --threads "$threads" > "$c.ours.log"
    wall "$c.ours.time" >> "$c.ours.walls"; cpu "$c.ours.time" >> "$c.ours.cpus"; ours_peak=$(( $(rss "$c.ours.time") > ours_peak ? $(rss "$c.ours.time") : ours_peak ))
    /usr/bin/time -v -o "$c.fwd.time" "$fa/fast_align" -i "$c.fa" -d -o -v > "$c.fwd.align" 2> "$c.fwd.log"
    /usr/bin/time -v -o "$c.rev.time" "$fa/fast_align" -i "$c.fa" -d -o -v -r > "$c.rev.align" 2> "$c.rev.log"
    /usr/bin/time -v -o "$c.sym.time" "$fa/atools" -i "$c.fwd.align" -j "$c.rev.align" -c grow-diag-final-and > "$c.sym.align"
    echo "$(wall "$c.fwd.time") + $(wall "$c.rev.time") + $(wall "$c.sym.time")" | bc >> "$c.fa.walls"
    echo "$(cpu "$c.fwd.time") + $(cpu "$c.rev.time") + $(cpu "$c.sym.time")" | bc >> "$c.fa.cpus"
    for step in fwd rev sym; do fa_peak=$(( $(rss "$c.$step.time") > fa_peak ? $(rss "$c.$step.time") : fa_peak )); done
  done
  start=$(date +%s.%N)
  /usr/bin/python3 tests/benchmarks/dictionary_eval.py lex "$c.de" "$c.en" "$c.sym.align" "$c.fa.tsv"
  lex_s=$(echo "$(date +%s.%N) - $start" | bc)
  "${bench[@]}" dictionary-tsv "$c.ours.parquet" "$c.ours.tsv"
  scores=$(/usr/bin/python3 tests/benchmarks/dictionary_eval.py score "$c.de" "$c.ours.tsv" "$c.fa.tsv" "$freedict")
  echo "$scores" > "$c.scores.json"
  ours_s=$(median < "$c.ours.walls"); fa_s=$(median < "$c.fa.walls")
  ours_cpu=$(median < "$c.ours.cpus"); fa_cpu=$(median < "$c.fa.cpus")
  tensions="ours $(grep -o 'final tension [0-9./ ]*' "$c.ours.log" | cut -d' ' -f3-), fast_align $(grep 'final tension' "$c.fwd.log" | tail -1 | awk '{print $NF}') / $(grep 'final tension' "$c.rev.log" | tail -1 | awk '{print $NF}')"
  printf '| %s | %s, %s, %s | %s, %s, %s | %.2f, %.2f | %.1f | %s / %s | %s |\n' "$corpus" "$ours_s" "$ours_cpu" "$ours_peak" \
    "$fa_s" "$fa_cpu" "$fa_peak" "$(echo "$ours_s / $fa_s" | bc -l)" "$(echo "$ours_cpu / $fa_cpu" | bc -l)" "$lex_s" \
    "$(/usr/bin/python3 -c "import json,sys; print(json.load(open('$c.scores.json'))['p_at_1_ours'])")" \
    "$(/usr/bin/python3 -c "import json,sys; print(json.load(open('$c.scores.json'))['p_at_1_fast_align'])")" \
    "$(/usr/bin/python3 -c "import json,sys; print(json.load(open('$c.scores.json'))['top1_agreement'])")"
  echo "  $corpus: tensions $tensions; disagreements (ours/fast_align): $(/usr/bin/python3 -c "import json; print(' '.join(json.load(open('$c.scores.json'))['disagreements'][:15]))")" >&2
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
