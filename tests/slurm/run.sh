#!/usr/bin/env bash
# analyze on a real one-node Slurm (tests/slurm/start-slurm.sh): a small run description through --executor slurm
# must give the same tables, byte for byte, as a local run; a task cancelled mid-way makes the submitting command fail
# naming the stage, its job and its log, and submitting again resumes to the same tables. Run by .ci/run as root.
# Usage (repository root, after dotnet build -c Release): tests/slurm/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
cli=(dotnet "$root/src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll")
bash tests/slurm/start-slurm.sh
work=$(mktemp -d)
trap 'scancel --name=mlnc-extract --name=mlnc-cluster >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cat > "$work/run.json" <<JSON
{ "models": [{ "label": "base", "path": "$root/models/demo-base" }, { "label": "tuned", "path": "$root/models/demo-tuned", "tuned_on": ["en", "de"] }],
  "corpus": [{ "languages": ["en", "de"], "files": ["$root/examples/data/en-de.en", "$root/examples/data/en-de.de"] }],
  "layers": [1, 4], "out": "$work/slurm-run", "options": { "k": 10, "seeds": 2 } }
JSON
fail() { echo "slurm test: $*" >&2; exit 1; }
tables() { (cd "$1" && find . -name '*.parquet' -not -path '*/activations/*' -not -path '*/stages/*' | sort); }
same_tables() {
  local n=0
  for f in $(tables "$work/local"); do
    cmp -s "$work/local/$f" "$1/$f" || fail "$f differs between the local run and $1"
    n=$((n + 1))
  done
  [ "$n" -ge 10 ] || fail "only $n tables compared"
  echo "slurm test: $n tables identical to the local run ($1)"
}

"${cli[@]}" analyze --config "$work/run.json" --out "$work/local" --quiet >/dev/null

# 1. The whole run through Slurm.
"${cli[@]}" analyze --config "$work/run.json" --executor slurm > "$work/out1" 2> "$work/err1" || { cat "$work/err1"; fail "the Slurm run failed"; }
grep -q "^report: $work/slurm-run/report.html" "$work/out1" || fail "no report line"
grep -q "job array\|_1)" "$work/err1" || fail "no job array was used"
same_tables "$work/slurm-run"
"${cli[@]}" analyze --config "$work/run.json" --status | grep -q "0 stale, 0 pending" || fail "--status does not see every stage done"

# 2. A task cancelled mid-way: the submitting command names it; submitting again resumes.
"${cli[@]}" analyze --config "$work/run.json" --out "$work/killed" --executor slurm > "$work/out2" 2> "$work/err2" &
follower=$!
cancelled=""
for _ in $(seq 600); do
  job=$(squeue -h -o "%i %j %T" | awk '$2 == "mlnc-extract" && $3 == "RUNNING" {print $1; exit}')
  if [ -n "$job" ]; then scancel "$job"; cancelled=$job; break; fi
  sleep 0.1
done
[ -n "$cancelled" ] || fail "no extraction task was seen running"
if wait "$follower"; then fail "the run went on after job $cancelled was cancelled"; fi
grep -q "failed: Slurm job .* ended CANCELLED" "$work/err2" || { cat "$work/err2"; fail "the failure does not name the cancelled job"; }
grep -q "log $work/killed/slurm/logs/" "$work/err2" || fail "the failure does not name the log"
"${cli[@]}" analyze --config "$work/run.json" --out "$work/killed" --status | grep -q "pending\|stale" || fail "--status shows no stage left to run"
"${cli[@]}" analyze --config "$work/run.json" --out "$work/killed" --executor slurm > "$work/out3" 2> "$work/err3" || { cat "$work/err3"; fail "re-submitting failed"; }
grep -q "^submitted extract" "$work/err3" || fail "the cancelled extraction was not submitted again"
same_tables "$work/killed"
leftovers=$(find "$work/killed" \( -name '.*.tmp-*' -o -name '.staging-*' \) -print)
[ -z "$leftovers" ] || fail "temporaries left after the resumed run: $leftovers"
echo "slurm test: passed (cancelled job $cancelled, resumed)"
