#!/usr/bin/env python3
"""Build the known-answer models: encoders whose cross-lingual alignment is known by construction (issue 13).

  known-aligned/   every German and Arabic word that has an English translation gets that English word's
                   input embedding plus small noise; the layers keep word identity, so translations sit
                   together at every layer. CALIGN and COLAP must come out high.
  known-graded-90/ the same, but only 90% (known-graded-50: half) of the translated German and Arabic words keep
                   their translation's embedding; the others are permuted among themselves.
  known-separated/ known-aligned with every German-only and Arabic-only row moved by one fixed offset per
                   language: translations still correspond one to one, but each language sits in a region of its
                   own. COLAP must come out low (only shared strings such as names and punctuation mix).
  known-unaligned/ the twin: the same weights with every German-only and every Arabic-only embedding row
                   permuted among the rows of its language. Same words, same clusters of German words, but
                   no German cluster is the image of an English one. CALIGN and COLAP must come out low.

The translation mapping (which English word a German or Arabic word translates) is independent of the C#
tool's aligner: sentence co-occurrence over the full Tatoeba files in ../shared/data/tatoeba (which contain
the embedded sample), each German/Arabic word's best English partner by Dice, accepted at Dice >= 0.3 and
at least 3 shared sentence pairs (mlnc_cooccurrence). Words without an accepted translation ("untranslated",
e.g. particles and inflections whose best partner is too weak) are placed in a region of their own per
language, away from every English word, so they form their own concepts instead of diluting aligned ones.
English words that no German or Arabic word translates go to an English region of their own.

English structure: real models group words into concepts, and CALIGN needs such groups on both sides. The
English words get group structure from distribution: an SVD of their positive PMI co-occurrence (within
sentences of the English Tatoeba text), k-means into groups of about 6 words, and each word's embedding =
its group's centre + a smaller word-specific offset. Untranslated regions are grouped at random the same way.

Model: bert architecture with a WordPiece vocabulary of whole words (every basic token of the sample words
kept by the default frequency filter), cased, hidden 64, 3 layers, 4 heads. Attention and feed-forward
weights are small (N(0, 0.05)), so each layer mixes in a little context but keeps word identity; position
embeddings N(0, 0.02). Weights stored as float16 (cast to float32 at load). Deterministic (seeds below,
single-threaded). Writes model folders and known-answer-mapping.tsv (the mapping, for reading).

Usage (from the repository root; about a minute): /usr/bin/python3 models/build_known_answer_models.py
"""

import argparse
import gzip
import math
import os
import sys
from collections import Counter

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "examples", "data"))

import mlnc_cooccurrence  # noqa: E402
import mlnc_encoder  # noqa: E402
import mlnc_export  # noqa: E402
import mlnc_tokenize as tk  # noqa: E402
import train_demo  # noqa: E402  (float16 weight storage)
from make_sample import tokenize  # noqa: E402

SEED = 1313
HIDDEN = 64
LAYERS = 3
HEADS = 4
INTERMEDIATE = 128
MAX_POSITIONS = 128
LAYER_STD = 0.05
POSITION_STD = 0.02
MIN_FREQUENCY = 5          # the method's default filter: only words seen this often get their own vector
MIN_DICE = 0.3
MIN_JOINT = 3
GROUP_SIZE = 8             # words per group (the size rule needs more than 5 types per concept)
OFFSET_SCALE = 0.35        # word offset relative to the group centre (both ~ unit variance per dimension)
NOISE_SCALE = 0.1          # a translation's embedding = its English word's + this much noise
SAMPLE = os.path.join(ROOT, "examples", "data")
TATOEBA = os.path.join(ROOT, "..", "shared", "data", "tatoeba")
SEPARATION = 3.0           # known-separated: German and Arabic rows move by this many unit-variance directions
# name -> (share of translated words that keep their translation's embedding, languages moved apart)
MODELS = {"known-aligned": (1.0, False), "known-graded-90": (0.9, False), "known-graded-50": (0.5, False),
          "known-unaligned": (0.0, False), "known-separated": (1.0, True)}


def read_sample(pair, language):
    with open(os.path.join(SAMPLE, "%s.%s" % (pair, language)), encoding="utf-8") as f:
        return [line.split() for line in f]


def read_tatoeba(name):
    with gzip.open(os.path.join(TATOEBA, name), "rt", encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    return [(tokenize(r[0]).split(), tokenize(r[1]).split()) for r in rows if len(r) >= 2 and r[0].strip()]


def kept_words(sentences):
    counts = Counter(w for s in sentences for w in s)
    return {w for w, c in counts.items() if c >= MIN_FREQUENCY}


def last_piece(word):
    """The basic token whose vector the word gets (last-piece aggregation; whole-word vocabulary)."""
    tokens = tk.basic_tokenize(word, lowercase=False)
    return tokens[-1] if tokens else None


# ----------------------------------------------------------------------------- English structure


def random_groups(words, rng):
    words = sorted(words)
    order = rng.permutation(len(words))
    return {words[i]: int(rank // GROUP_SIZE) for rank, i in enumerate(order)}, max(1, math.ceil(len(words) / GROUP_SIZE))


def region_vectors(groups, group_count, rng):
    centres = rng.standard_normal((group_count, HIDDEN))
    return {w: centres[g] + OFFSET_SCALE * rng.standard_normal(HIDDEN) for w, g in sorted(groups.items())}


# ----------------------------------------------------------------------------------- mapping


def translation_map(pairs, foreign_kept, english_pieces, english_kept):
    """foreign word -> English word, by Dice over the Tatoeba pairs (English first in each pair)."""
    stats = mlnc_cooccurrence.Cooccurrence(pairs)
    best = stats.best_source(MIN_DICE, MIN_JOINT)
    mapping = {}
    for word in sorted(foreign_kept):
        hit = best.get(word)
        if hit is not None and hit[0] in english_kept and hit[0] in english_pieces:
            mapping[word] = (hit[0], hit[1])
    return mapping


# --------------------------------------------------------------------------------------- model


def build_encoder(vocab_size, embeddings):
    cfg = mlnc_encoder.EncoderConfig("bert", vocab_size, HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POSITIONS, 0)
    encoder = mlnc_encoder.Encoder(cfg)
    g = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, p in encoder.named_parameters():
            if name == "word_embeddings.weight":
                p.copy_(torch.from_numpy(embeddings.astype(np.float32)))
            elif name == "position_embeddings.weight":
                p.copy_(torch.randn(p.shape, generator=g) * POSITION_STD)
            elif "norm" in name:
                p.fill_(1.0 if name.endswith("weight") else 0.0)
            elif name.endswith("bias") or name == "token_type_embeddings.weight":
                p.zero_()
            else:
                p.copy_(torch.randn(p.shape, generator=g) * LAYER_STD)
    encoder.eval()
    return encoder


def export(encoder, vocab, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("".join(t + "\n" for t in vocab))
    train_demo.round_to_float16(encoder)
    mlnc_export.export_encoder(
        encoder, out_dir, architecture="bert", tokenizer_kind="wordpiece", tokenizer_file="vocab.txt",
        lowercase=False, hidden_size=HIDDEN, max_positions=MAX_POSITIONS, num_layers=LAYERS,
        has_token_type_ids=True, pad_id=0, verbose=False)
    onnx_path = os.path.join(out_dir, "model.onnx")
    train_demo.store_weights_as_float16(onnx_path)
    diff, how = mlnc_export.check_onnx_against_torch(encoder, onnx_path, True, 0, 5)
    if diff is not None and diff > 1e-4:
        raise RuntimeError("float16-weight ONNX differs from torch by %g" % diff)
    print("  %s: max |onnx - torch| %s via %s" % (out_dir, diff, how), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", default=HERE)
    args = ap.parse_args()
    torch.set_num_threads(1)
    rng = np.random.default_rng(SEED)

    sample = {lang: read_sample(pair, lang) for pair, lang in
              (("en-de", "de"), ("en-ar", "ar"))}
    sample_en = read_sample("en-de", "en") + read_sample("en-ar", "en")
    kept = {"en": kept_words(read_sample("en-de", "en")) | kept_words(read_sample("en-ar", "en")),
            "de": kept_words(sample["de"]), "ar": kept_words(sample["ar"])}
    # Vocabulary pieces: the last basic token of every kept word (whole words; the tokenizer's [UNK] for the rest).
    pieces = {lang: {p for p in (last_piece(w) for w in words) if p} for lang, words in kept.items()}
    shared = pieces["en"] & (pieces["de"] | pieces["ar"])      # names, numbers, punctuation: one row for all
    own = {"de": sorted(pieces["de"] - pieces["en"] - pieces["ar"]),
           "ar": sorted(pieces["ar"] - pieces["en"] - pieces["de"])}
    english_only_candidates = sorted(pieces["en"])

    tatoeba = {"de": read_tatoeba("eng-deu.tsv.gz"), "ar": read_tatoeba("eng-ara.tsv.gz")}
    mapping = {lang: translation_map(tatoeba[lang], own[lang], pieces["en"], kept["en"]) for lang in ("de", "ar")}
    targets = {e for lang in mapping for e, _ in mapping[lang].values()}

    # English: words with a translation (or shared with another language) in the main, grouped region.
    translated_by = {lang: {e for e, _ in mapping[lang].values()} for lang in ("de", "ar")}
    # English words are grouped by which languages translate them, so that in each corpus the groups of English
    # words with translations there are whole (a group never mixes words with and without a counterpart).
    regions = {
        "English words German and Arabic words translate (and shared strings)":
            sorted(w for w in english_only_candidates
                   if w in shared or (w in translated_by["de"] and w in translated_by["ar"])),
        "English words only German words translate":
            sorted(w for w in english_only_candidates
                   if w not in shared and w in translated_by["de"] and w not in translated_by["ar"]),
        "English words only Arabic words translate":
            sorted(w for w in english_only_candidates
                   if w not in shared and w in translated_by["ar"] and w not in translated_by["de"]),
        "English words nothing translates": sorted(w for w in english_only_candidates if w not in targets and w not in shared),
        "untranslated German words": [w for w in own["de"] if w not in mapping["de"]],
        "untranslated Arabic words": [w for w in own["ar"] if w not in mapping["ar"]],
    }
    vectors = {}
    for region, members in regions.items():
        g, c = random_groups(members, rng)
        vectors.update(region_vectors(g, c, rng))
        print("region %s: %d words in %d groups" % (region, len(members), c), flush=True)
    for lang in ("de", "ar"):
        for word, (english, _) in mapping[lang].items():
            vectors[word] = vectors[english] + NOISE_SCALE * rng.standard_normal(HIDDEN)

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    words = sorted(vectors)
    vocab = specials + words
    aligned_rows = rng.standard_normal((len(vocab), HIDDEN)) * 0.02  # specials: near zero, like an untrained row
    for i, w in enumerate(words):
        aligned_rows[len(specials) + i] = vectors[w]
    row = {w: len(specials) + i for i, w in enumerate(words)}

    with open(os.path.join(args.out_dir, "known-answer-mapping.tsv"), "w", encoding="utf-8") as f:
        f.write("language\tword\tenglish\tdice\n")
        for lang in ("de", "ar"):
            for w in own[lang]:
                e, d = mapping[lang].get(w, ("", 0.0))
                f.write("%s\t%s\t%s\t%s\n" % (lang, w, e, ("%.3f" % d) if e else ""))

    # The permutations: a fixed one per language; the graded model permutes a fixed subset of translated words.
    permutation_rng = np.random.default_rng(SEED + 1)
    separation = {lang: SEPARATION * permutation_rng.standard_normal(HIDDEN) for lang in ("de", "ar")}
    for name, (fraction, separated) in MODELS.items():
        rows = aligned_rows.copy()
        for lang in ("de", "ar"):
            translated = sorted(mapping[lang])
            moved = [w for w in own[lang] if w not in mapping[lang]]  # untranslated rows always take part
            keep = set(translated[i] for i in permutation_rng.permutation(len(translated))[: round(fraction * len(translated))])
            moved += [w for w in translated if w not in keep]
            moved_rows = [row[w] for w in sorted(moved)]
            shuffled = [moved_rows[i] for i in permutation_rng.permutation(len(moved_rows))]
            rows[moved_rows] = aligned_rows[shuffled]
            if separated:
                rows[[row[w] for w in own[lang]]] += separation[lang]
        encoder = build_encoder(len(vocab), rows)
        export(encoder, vocab, os.path.join(args.out_dir, name))
        print("%s: %d rows, %.0f%% of translated words aligned" % (name, len(vocab), 100 * fraction), flush=True)

    print("kept word types: %s; own pieces: de %d, ar %d; shared %d" % (
        {k: len(v) for k, v in kept.items()}, len(own["de"]), len(own["ar"]), len(shared)))
    print("translated: de %d of %d, ar %d of %d" % (len(mapping["de"]), len(own["de"]), len(mapping["ar"]), len(own["ar"])))


if __name__ == "__main__":
    main()
