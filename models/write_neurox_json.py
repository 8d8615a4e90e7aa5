#!/usr/bin/env python3
"""Writes a small corpus in NeuroX's JSON activations format, and the same vectors as a plain table.

The format follows NeuroX's JSONActivationsWriter (neurox/data/writer.py): one JSON object per line,
{"linex_index": <0-based sentence>, "features": [{"token": <word's sub-word pieces joined>, "layers":
[{"index": <position among the written layers>, "values": [<floats rounded to 8 decimals>]}, ...]}, ...]},
keys in that order, json.dumps's default separators. A word the tokenizer drops gets an empty token and a zero
vector, as NeuroX's extractor writes it.

Vectors are multiples of 1/256, so that NeuroX's 8-decimal rounding is exact and the JSON and the table hold the
very same float32 values: clustering either must give the same concepts. Words come in three groups, each near
its own centre at every layer, so three concepts are expected.

Usage: python3 models/write_neurox_json.py OUT_DIR [--seed 212]
Writes OUT_DIR/<lang>.txt (the sentences NeuroX would read), OUT_DIR/<lang>-activations.json (two layers) and
OUT_DIR/vectors.tsv (language, sentence_id, word_index, word, layer, space-separated values; dropped words absent).
"""
import argparse
import collections
import json
import os
import random

GROUPS = {
    "en": [["house", "home", "flat", "room"], ["red", "green", "blue", "black"], ["one", "two", "three", "four"]],
    "de": [["Haus", "Heim", "Wohnung", "Zimmer"], ["rot", "grün", "blau", "schwarz"], ["eins", "zwei", "drei", "vier"]],
}
LAYERS = 2
DIMENSION = 8
SENTENCES = 40
WORDS_PER_SENTENCE = 4
DROPPED = "\u200b"  # a zero-width space: a word that real tokenizers drop entirely


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=212)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    # One centre per (group, layer); the same for both languages so that a mixed scope clusters across them.
    centres = [[[rng.randrange(-16, 17) / 16 for _ in range(DIMENSION)] for _ in range(LAYERS)] for _ in range(3)]

    table = open(os.path.join(args.out, "vectors.tsv"), "w", encoding="utf-8")
    table.write("language\tsentence_id\tword_index\tword\tlayer\tvalues\n")
    for language, groups in GROUPS.items():
        with open(os.path.join(args.out, f"{language}.txt"), "w", encoding="utf-8") as text, \
                open(os.path.join(args.out, f"{language}-activations.json"), "w", encoding="utf-8") as activations:
            for sentence in range(SENTENCES):
                words = []
                for _ in range(WORDS_PER_SENTENCE):
                    group = rng.randrange(3)
                    words.append((group, rng.choice(groups[group])))
                if sentence % 10 == 3:
                    words.insert(2, (None, DROPPED))
                text.write(" ".join(w for _, w in words) + "\n")
                features = []
                for index, (group, word) in enumerate(words):
                    layers = []
                    for layer in range(LAYERS):
                        if group is None:
                            values = [0.0] * DIMENSION
                        else:
                            values = [c + rng.randrange(-8, 9) / 256 for c in centres[group][layer]]
                            table.write(f"{language}\t{sentence}\t{index}\t{word}\t{layer}\t{' '.join(repr(v) for v in values)}\n")
                        entry = collections.OrderedDict()
                        entry["index"] = layer
                        entry["values"] = [round(v, 8) for v in values]
                        layers.append(entry)
                    feature = collections.OrderedDict()
                    feature["token"] = "" if group is None else "\u2581" + word  # SentencePiece-style joined pieces
                    feature["layers"] = layers
                    features.append(feature)
                line = collections.OrderedDict()
                line["linex_index"] = sentence
                line["features"] = features
                activations.write(json.dumps(line) + "\n")
    table.close()


if __name__ == "__main__":
    main()
