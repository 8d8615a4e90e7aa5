#!/usr/bin/env python3
"""Build a BERT-base-shaped random-weight model for benchmarks: models/bench-bert-base/.

12 layers, hidden 768, 12 heads, intermediate 3072, max_positions 512, cased WordPiece
vocabulary (the tiny-bert vocabulary extended with frequent words of a corpus), weights
N(0, 0.02) from seed 4321. Exported through the same mlnc_export.export_encoder as the
tiny models (about 420 MB of ONNX, weights inside the file). The folder is git-ignored.

The vocabulary corpus defaults to the Multi30k training captions in ../shared/data
(relative to the repository root) when present; without them only the tiny vocabulary
is used. The corpus only changes which words are whole pieces, not the model's shape.

Usage: /usr/bin/python3 models/build_benchmark_model.py [--out models/bench-bert-base]
           [--vocab-size 8000] [--corpus FILE ...] [--layers 12] [--hidden 768]
"""

import argparse
import gzip
import os
import sys
import time
from collections import Counter

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import mlnc_encoder  # noqa: E402
import mlnc_export  # noqa: E402
import mlnc_tokenize as tk  # noqa: E402
from build_tiny_models import build_wordpiece_vocab  # noqa: E402

SEED = 4321
STD = 0.02
DEFAULT_CORPUS = [os.path.join(HERE, "..", "..", "shared", "data", "multi30k", "train.%s.gz" % lang)
                  for lang in ("en", "de", "fr")]


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield line


def build_vocab(corpus_files, size):
    vocab = build_wordpiece_vocab()
    have = set(vocab)
    counts = Counter()
    for path in corpus_files:
        for line in read_lines(path):
            for w in tk.split_words(line):
                counts.update(tk.basic_tokenize(w))
    chars = Counter()
    for w, c in counts.items():
        for ch in w:
            chars[ch] += c
    extra = []
    for ch in sorted(ch for ch in chars if chars[ch] >= 5):
        for piece in (ch, "##" + ch):
            if piece not in have and not (piece.startswith("##") and tk._is_punctuation(ch)):
                have.add(piece)
                extra.append(piece)
    for w in sorted(counts, key=lambda w: (-counts[w], w)):
        if len(vocab) + len(extra) >= size:
            break
        if w not in have and counts[w] >= 2:
            have.add(w)
            extra.append(w)
    return vocab + extra


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "bench-bert-base"))
    ap.add_argument("--vocab-size", type=int, default=8000)
    ap.add_argument("--corpus", nargs="*", default=None,
                    help="text files (.gz ok) for the extra vocabulary; default: Multi30k train.{en,de,fr} if present")
    ap.add_argument("--layers", type=int, default=12)
    ap.add_argument("--hidden", type=int, default=768)
    ap.add_argument("--heads", type=int, default=12)
    ap.add_argument("--intermediate", type=int, default=3072)
    ap.add_argument("--max-positions", type=int, default=512)
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()

    corpus = a.corpus if a.corpus is not None else [p for p in DEFAULT_CORPUS if os.path.exists(p)]
    t0 = time.time()
    vocab = build_vocab(corpus, a.vocab_size)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(vocab) + "\n")
    print("vocab.txt: %d entries (corpus: %s)" % (len(vocab), ", ".join(map(os.path.normpath, corpus)) or "none"))

    cfg = mlnc_encoder.EncoderConfig("bert", len(vocab), a.hidden, a.layers, a.heads, a.intermediate,
                                     a.max_positions, pad_id=0)
    encoder = mlnc_encoder.build(cfg, a.seed, STD)
    n_params = sum(p.numel() for p in encoder.parameters())
    print("encoder: %d layers, hidden %d, %.1fM parameters (%.1fs)" % (a.layers, a.hidden, n_params / 1e6,
                                                                      time.time() - t0))
    mlnc_export.export_encoder(
        encoder, a.out, architecture="bert", tokenizer_kind="wordpiece", tokenizer_file="vocab.txt",
        lowercase=False, hidden_size=a.hidden, max_positions=a.max_positions, num_layers=a.layers,
        has_token_type_ids=True, pad_id=0)
    mlnc_export.write_json(os.path.join(a.out, "torch_config.json"), {
        "builder": "models/build_benchmark_model.py",
        "config": cfg.to_dict(), "seed": a.seed, "std": STD,
        "weights_checksum": encoder.checksum(),
        "torch_version": torch.__version__,
    })
    size = sum(os.path.getsize(os.path.join(a.out, f)) for f in os.listdir(a.out))
    print("wrote %s (%.1f MB) in %.1fs" % (a.out, size / 1e6, time.time() - t0))


if __name__ == "__main__":
    main()
