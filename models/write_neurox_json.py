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

With --hdf5 (needs h5py) the same activations are also written in NeuroX's HDF5 format (HDF5ActivationsWriter):
one float32 dataset per sentence named by its number, shape [layers, words, dimension], and a "sentence_to_index"
dataset holding one JSON string that maps each sentence's tokens joined by spaces to its number (a repeated
sentence gets " (Occurrence n)" appended).

Usage: python3 models/write_neurox_json.py OUT_DIR [--seed 212] [--hdf5]
Writes OUT_DIR/<lang>.txt (the sentences NeuroX would read), OUT_DIR/<lang>-activations.json (two layers),
OUT_DIR/vectors.tsv (language, sentence_id, word_index, word, layer, space-separated values; dropped words absent)
and with --hdf5 OUT_DIR/<lang>-activations.hdf5.
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
    parser.add_argument("--hdf5", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    # One centre per (group, layer); the same for both languages so that a mixed scope clusters across them.
    centres = [[[rng.randrange(-16, 17) / 16 for _ in range(DIMENSION)] for _ in range(LAYERS)] for _ in range(3)]

    table = open(os.path.join(args.out, "vectors.tsv"), "w", encoding="utf-8")
    table.write("language\tsentence_id\tword_index\tword\tlayer\tvalues\n")
    for language, groups in GROUPS.items():
        hdf5 = None
        if args.hdf5:
            import h5py
            import numpy
            hdf5 = h5py.File(os.path.join(args.out, f"{language}-activations.hdf5"), "w")
            sentence_to_index = {}
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
                if hdf5 is not None:
                    tensor = numpy.array([[layer["values"] for layer in f["layers"]] for f in features], dtype=numpy.float32)
                    hdf5.create_dataset(str(sentence), data=tensor.transpose(1, 0, 2))  # [layers, words, dimension]
                    joined = " ".join(f["token"] for f in features)
                    key, occurrence = joined, 1
                    while key in sentence_to_index:
                        occurrence += 1
                        key = f"{joined} (Occurrence {occurrence})"
                    sentence_to_index[key] = str(sentence)
                line = collections.OrderedDict()
                line["linex_index"] = sentence
                line["features"] = features
                activations.write(json.dumps(line) + "\n")
        if hdf5 is not None:
            index = hdf5.create_dataset("sentence_to_index", (1,), dtype=h5py.special_dtype(vlen=str))
            index[0] = json.dumps(sentence_to_index)
            hdf5.close()
    table.close()


if __name__ == "__main__":
    main()
