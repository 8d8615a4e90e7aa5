#!/usr/bin/env python3
"""Build a BERT-base-shaped random-weight model for benchmarks: models/bench-bert-base/.

12 layers, hidden 768, 12 heads, intermediate 3072, max_positions 512, cased WordPiece
vocabulary (the tiny-bert vocabulary extended with frequent words of a corpus), weights
N(0, 0.02) from seed 4321. Exported through the same mlnc_export.export_encoder as the
tiny models (about 420 MB of ONNX, weights inside the file). The folder is git-ignored.

The vocabulary corpus defaults to the Multi30k training captions in ../shared/data
(relative to the repository root) when present; without them only the tiny vocabulary
is used. The corpus only changes which words are whole pieces, not the model's shape.

With --architecture t5 it builds models/bench-t5-base instead: an mT5-base-shaped
encoder-decoder from models/mlnc_t5.py (12 + 12 layers, d_model 768, 12 heads, gated
feed-forward 2048, learned absolute positions), a T5-layout unigram SentencePiece model
of --vocab-size pieces trained on the same corpus, exported through mlnc_export.export_t5.

Usage: /usr/bin/python3 models/build_benchmark_model.py [--out models/bench-bert-base]
           [--vocab-size 8000] [--corpus FILE ...] [--layers 12] [--hidden 768] [--architecture bert|t5]
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
import mlnc_t5  # noqa: E402
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
    ap.add_argument("--architecture", choices=["bert", "t5"], default="bert")
    a = ap.parse_args()

    corpus = a.corpus if a.corpus is not None else [p for p in DEFAULT_CORPUS if os.path.exists(p)]
    t0 = time.time()
    if a.architecture == "t5":
        return build_t5(a, corpus, t0)
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


def build_t5(a, corpus, t0):
    import io

    import sentencepiece as spm

    out = a.out if a.out != os.path.join(HERE, "bench-bert-base") else os.path.join(HERE, "bench-t5-base")
    os.makedirs(out, exist_ok=True)
    lines = [line.strip() for path in corpus for line in read_lines(path)] or None
    if lines is None:
        from mlnc_sample_text import SENTENCEPIECE_SAMPLE as lines
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=buf, model_type="unigram",
                                   vocab_size=a.vocab_size, character_coverage=1.0, normalization_rule_name="nmt_nfkc",
                                   pad_id=0, eos_id=1, unk_id=2, bos_id=-1, num_threads=1, minloglevel=2)
    with open(os.path.join(out, "spiece.model"), "wb") as f:
        f.write(buf.getvalue())
    intermediate = a.intermediate if a.intermediate != 3072 else 2048  # mT5-base's d_ff
    cfg = mlnc_t5.T5Config(a.vocab_size, a.hidden, a.layers, a.layers, a.heads, intermediate, a.max_positions)
    model = mlnc_t5.build(cfg, a.seed, STD)
    print("t5: %d + %d layers, d_model %d, %.1fM parameters, spiece.model %d pieces (%.1fs)"
          % (a.layers, a.layers, a.hidden, sum(p.numel() for p in model.parameters()) / 1e6, a.vocab_size, time.time() - t0))
    mlnc_export.export_t5(mlnc_t5.EncoderGraph(model), mlnc_t5.DecoderGraph(model), out, tokenizer_file="spiece.model",
                          hidden_size=a.hidden, max_positions=a.max_positions, num_layers=a.layers,
                          num_decoder_layers=a.layers)
    size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    print("wrote %s (%.1f MB) in %.1fs" % (out, size / 1e6, time.time() - t0))


if __name__ == "__main__":
    main()
