#!/usr/bin/env python3
"""Why a CALIGN number is what it is: for one model, layer and direction of a run folder, how many source types have
a translation among the kept target words, and each considered source concept's best match fraction A(Cs, Ct)/|Cs|
(with and without the size rule), against theta-A. The "what caps CALIGN" figures of docs/results.md come from:

  /usr/bin/python3 tests/benchmarks/calign_diagnosis.py runs/demo fine-tuned 6 en de --corpus en-de-fr

Recomputed here from concepts.parquet and dictionary.parquet (read with DuckDB, tests/tools) under the paper's
definition and the method's defaults (10-best, more than 5 types, sizes within 40%, theta-A 0.8), independently of the
C# code: its aligned count must equal calign.parquet's for the same layer and direction.
"""
import argparse
import json
import os
import statistics
import subprocess
from collections import defaultdict

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools")


def query(sql):
    return json.loads(subprocess.check_output(["node", "duckdb-query.mjs", sql], cwd=TOOLS))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run"), ap.add_argument("model"), ap.add_argument("layer", type=int)
    ap.add_argument("source"), ap.add_argument("target")
    ap.add_argument("--corpus", help="corpus name in the run folder (default: source-target)")
    ap.add_argument("--nbest", type=int, default=10), ap.add_argument("--min-types", type=int, default=5)
    ap.add_argument("--max-size-difference", type=float, default=0.4), ap.add_argument("--theta-a", type=float, default=0.8)
    a = ap.parse_args()
    run, corpus = os.path.abspath(a.run), a.corpus or "%s-%s" % (a.source, a.target)
    rows = query(f"SELECT DISTINCT scope, concept_id, word FROM read_parquet('{run}/model={a.model}/corpus={corpus}/concepts.parquet') "
                 f"WHERE component = 'encoder' AND layer = {a.layer} AND scope IN ('{a.source}', '{a.target}')")
    pairs = query(f"SELECT source, target FROM read_parquet('{run}/corpora/{corpus}/dictionary.parquet') "
                  f"WHERE source_language = '{a.source}' AND target_language = '{a.target}' AND rank <= {a.nbest}")
    translations = defaultdict(set)
    for p in pairs:
        translations[p["source"]].add(p["target"])
    concepts = {a.source: defaultdict(set), a.target: defaultdict(set)}
    for r in rows:
        concepts[r["scope"]][r["concept_id"]].add(r["word"])
    kept_target = set().union(*concepts[a.target].values())
    memberships = [w for c in concepts[a.source].values() for w in c]
    covered = sum(1 for w in memberships if translations[w] & kept_target)
    print("%d source (concept, type) memberships, %d (%.0f%%) with a %d-best translation among the kept %s words"
          % (len(memberships), covered, 100.0 * covered / max(1, len(memberships)), a.nbest, a.target))

    targets = [c for c in concepts[a.target].values() if len(c) > a.min_types]
    best = []
    for cs in concepts[a.source].values():
        if len(cs) <= a.min_types:
            continue
        fractions = [(sum(1 for w in cs if translations[w] & ct) / len(cs),
                      abs(len(cs) - len(ct)) <= a.max_size_difference * max(len(cs), len(ct))) for ct in targets]
        best.append((max((f for f, ok in fractions if ok), default=0.0), max((f for f, _ in fractions), default=0.0), len(cs)))
    best.sort(reverse=True)
    aligned = sum(1 for f, _, _ in best if f >= a.theta_a)
    print("considered source concepts: %d, of %d to %d types; aligned: %d (CALIGN %.1f%%); ignoring the size rule: %d"
          % (len(best), min(n for _, _, n in best), max(n for _, _, n in best), aligned, 100.0 * aligned / len(best),
             sum(1 for _, f, _ in best if f >= a.theta_a)))
    print("best match fraction: median %.2f, range %.2f-%.2f (theta-A %.2f)"
          % (statistics.median(f for f, _, _ in best), best[-1][0], best[0][0], a.theta_a))


if __name__ == "__main__":
    main()
