#!/usr/bin/env python3
"""Checks `align/overlap --definition released-code` against the paper's released scripts themselves.

Random ConceptX cluster files (two languages, small vocabularies so that thresholds are often hit exactly) and a
lexical-table dictionary are written; then, for several settings, the aligned source clusters counted by the
released alignClusters.py and the overlapping clusters of get_overlapping_clusters.py are compared with what this
tool's CLI reports. The released scripts are run from a checkout the caller names; nothing of them is copied here.

Usage (repository root, after `dotnet build src/MLNetConcepts.Cli -c Release`):
  python3 tests/interop/compare_released_scripts.py RELEASED_REPO [trials=20] [seed=1]
RELEASED_REPO is a checkout of github.com/qcri/multilingual-latent-concepts (it holds code/alignClusters.py).
"""
import importlib.util
import os
import random
import re
import subprocess
import sys
import tempfile

CLI = ["dotnet", "src/MLNetConcepts.Cli/bin/Release/net10.0/MLNetConcepts.Cli.dll"]


def write_clusters(path, clusters, first_sentence=0):
    """clusters: list of word lists (one per cluster id); one line per occurrence, sentence ids counted from first_sentence."""
    sentence = first_sentence
    seen = {}
    with open(path, "w", encoding="utf-8") as f:
        for cluster, words in enumerate(clusters):
            for word in words:
                seen[word] = seen.get(word, 0) + 1
                f.write(f"{word}|||{seen[word]}|||{sentence}|||0|||{cluster}\n")
                sentence += 1
    return sentence


def random_case(rng):
    """Source clusters over s0..s59; most target clusters are noisy translations of a source cluster (s_i -> t_i),
    so that alignments, ties and size-rule boundaries all occur."""
    source = [[f"s{rng.randrange(60)}" for _ in range(rng.randrange(3, 16))] for _ in range(25)]
    target = []
    for cluster in source:
        if rng.random() < 0.3:
            target.append([f"t{rng.randrange(60)}" for _ in range(rng.randrange(3, 16))])
            continue
        words = [w.replace("s", "t") for w in cluster if rng.random() < 0.85]
        words += [f"t{rng.randrange(60)}" for _ in range(rng.randrange(0, 5))]
        target.append(words or ["t0"])
    lines = []
    for s in range(60):
        candidates = [s] + rng.sample(range(60), rng.randrange(0, 4))
        for t in candidates:
            lines.append(f"s{s} -> t{t}: Probability = {rng.random():.4f}, Count = {rng.randrange(1, 9)}")
    rng.shuffle(lines)  # file order, not probability, decides "the first N lines"
    return source, target, lines


def released_aligned(repo, source, target, dictionary, nbest, theta, ratio, types):
    out = subprocess.run([sys.executable, os.path.join(repo, "code", "alignClusters.py"), source, target, dictionary,
                          str(nbest), str(theta), str(ratio), str(types)], capture_output=True, text=True, check=True).stdout
    return len(re.findall(r"^Source Cluster \d+ is aligned to", out, re.M))


def our_aligned(source, target, dictionary, nbest, theta, max_size_difference, types, definition, out):
    run = subprocess.run(CLI + ["align", "--source-concepts", source, "--target-concepts", target, "--dictionary", dictionary,
                                "--source-language", "en", "--target-language", "de", "--out", out, "--nbest", str(nbest),
                                "--theta-a", str(theta), "--max-size-difference", str(max_size_difference), "--min-types", str(types),
                                "--definition", definition], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    return int(re.search(r"\((\d+)/", run.stdout).group(1))


def released_overlapping(repo, path, sentences_threshold, percent):
    spec = importlib.util.spec_from_file_location("released_overlap", os.path.join(repo, "code", "get_overlapping_clusters.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Its main() passes the threshold on as a string, which Python 3 cannot compare with an int; the function is
    # called directly with the number instead.
    return len(module.get_overlapping_clusters(path, sentences_threshold, percent))


def our_overlapping(path, threshold, theta, definition, out):
    run = subprocess.run(CLI + ["overlap", "--concepts", path, "--languages", "en,de", "--sentence-threshold", str(threshold),
                                "--theta-o", str(theta), "--definition", definition, "--out", out], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    return int(re.search(r"\((\d+)/", run.stdout).group(1))


def main():
    repo = sys.argv[1]
    trials = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    settings = [(10, 0.8, 0.4, 5), (2, 0.5, 0.4, 3), (10, 0.6, 0.2, 5), (1, 0.75, 0.5, 2)]
    align_same = align_differs = overlap_same = overlap_differs = 0
    with tempfile.TemporaryDirectory() as tmp:
        for trial in range(trials):
            source, target, lines = random_case(rng)
            sp, tp, dp = (os.path.join(tmp, n) for n in ("en.txt", "de.txt", "lex.txt"))
            write_clusters(sp, source)
            write_clusters(tp, target)
            with open(dp, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            for nbest, theta, max_size_difference, types in settings:
                ratio = round(1 - max_size_difference, 12)
                theirs = released_aligned(repo, sp, tp, dp, nbest, theta, ratio, types)
                ours = our_aligned(sp, tp, dp, nbest, theta, max_size_difference, types, "released-code", os.path.join(tmp, "a.parquet"))
                paper = our_aligned(sp, tp, dp, nbest, theta, max_size_difference, types, "paper", os.path.join(tmp, "a.parquet"))
                print(f"align   trial {trial:2d} nbest {nbest:2d} theta {theta} size {max_size_difference} types {types}: "
                      f"released script {theirs:2d}, released-code {ours:2d}, paper {paper:2d}")
                if theirs != ours:
                    raise SystemExit(f"MISMATCH on trial {trial}")
                align_same += 1
                align_differs += paper != ours

            # A mixed file: en sentences first, then de; cluster sizes so that 30% and 50% shares occur exactly.
            mixed = []
            for _ in range(30):
                n = rng.choice([2, 4, 6, 10, 20])
                en = rng.randrange(n + 1)
                mixed.append([f"e{rng.randrange(9)}" for _ in range(en)] + [f"d{rng.randrange(9)}" for _ in range(n - en)])
            en_lines = sum(1 for c in mixed for w in c if w.startswith("e"))
            mp = os.path.join(tmp, "mixed.txt")
            seen = {}
            en_sentence, de_sentence = 0, en_lines
            with open(mp, "w", encoding="utf-8") as f:
                for cluster, words in enumerate(mixed):
                    for word in words:
                        seen[word] = seen.get(word, 0) + 1
                        if word.startswith("e"):
                            sentence, en_sentence = en_sentence, en_sentence + 1
                        else:
                            sentence, de_sentence = de_sentence, de_sentence + 1
                        f.write(f"{word}|||{seen[word]}|||{sentence}|||0|||{cluster}\n")
            for theta in (0.3, 0.5, 0.2):
                theirs = released_overlapping(repo, mp, en_lines - 1, theta * 100)
                ours = our_overlapping(mp, en_lines - 1, theta, "released-code", os.path.join(tmp, "c.parquet"))
                paper = our_overlapping(mp, en_lines - 1, theta, "paper", os.path.join(tmp, "c.parquet"))
                print(f"overlap trial {trial:2d} theta {theta}: released script {theirs:2d}, released-code {ours:2d}, paper {paper:2d}")
                if theirs != ours:
                    raise SystemExit(f"MISMATCH on trial {trial}")
                overlap_same += 1
                overlap_differs += paper != ours
    print(f"align: released-code equals the released script in {align_same} of {align_same} cases "
          f"(the paper definition differs in {align_differs}); overlap: {overlap_same} of {overlap_same} "
          f"(paper differs in {overlap_differs})")


if __name__ == "__main__":
    main()
