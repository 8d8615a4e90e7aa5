#!/usr/bin/env python3
"""Builds the embedded parallel sample from ../shared/data/: Tatoeba pairs and Multi30k's 2016 test set.

Tatoeba: takes PAIRS sentence pairs per language pair, spread evenly over each file (the files are sorted by
length, so every k-th pair gives short and long sentences alike). Multi30k: the 1,000 captions of
test_2016_flickr in English, German and French, line-aligned across all three, which neither demo model saw
in training (train_demo.py trains on Multi30k's train set and holds out part of val).
Every line is tokenized the way the method expects its input: words separated by single spaces, with
punctuation split off as words of its own. Writes <pair>.<lang> files, line-aligned.
Usage: /usr/bin/python3 examples/data/make_sample.py [PAIRS=2000]
"""
import gzip
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "shared", "data")
SOURCE = os.path.join(DATA, "tatoeba")
PAIRS = 2000

# A word is a run of letters, digits and combining marks (Arabic vowel signs such as tanween are marks, not
# letters), with apostrophes and hyphens allowed inside; any other visible character is a word of its own.
# Arabic punctuation (، ؟ ؛) is covered by the second branch.
MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
WORD = r"[\w%s]+" % MARKS
TOKEN = re.compile(r"%s(?:['’-]%s)*|[^\w\s%s]" % (WORD, WORD, MARKS), re.UNICODE)


def tokenize(text):
    return " ".join(TOKEN.findall(text))


def sample(name, languages, pairs=PAIRS):
    with gzip.open(os.path.join(SOURCE, name), "rt", encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    rows = [r for r in rows if len(r) >= 2 and r[0].strip() and r[1].strip() and r[0] != "1"]
    step = max(1, len(rows) // pairs)
    chosen = rows[::step][:pairs]
    pair = "-".join(languages)
    for column, language in enumerate(languages):
        with open(os.path.join(HERE, "%s.%s" % (pair, language)), "w", encoding="utf-8") as out:
            for row in chosen:
                out.write(tokenize(row[column]) + "\n")
    if any(len(r) >= 3 for r in chosen):
        # Keep Tatoeba's per-sentence attribution (sentence numbers and contributors) where the source has it.
        with open(os.path.join(HERE, "%s.attribution" % pair), "w", encoding="utf-8") as out:
            for row in chosen:
                out.write((row[2] if len(row) >= 3 else "") + "\n")
    print("%s: %d pairs (every %d-th of %d)" % (pair, len(chosen), step, len(rows)))


def multi30k(languages=("en", "de", "fr"), split="test_2016_flickr"):
    columns = []
    for language in languages:
        with gzip.open(os.path.join(DATA, "multi30k", "%s.%s.gz" % (split, language)), "rt", encoding="utf-8") as f:
            columns.append([line.rstrip("\n") for line in f])
    if len({len(c) for c in columns}) != 1:
        raise SystemExit("multi30k %s: the languages have different line counts" % split)
    name = "-".join(languages)
    for language, lines in zip(languages, columns):
        with open(os.path.join(HERE, "%s.%s" % (name, language)), "w", encoding="utf-8") as out:
            for line in lines:
                out.write(tokenize(line) + "\n")
    print("%s: %d lines (Multi30k %s)" % (name, len(columns[0]), split))


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else PAIRS
    sample("eng-deu.tsv.gz", ["en", "de"], count)
    sample("eng-ara.tsv.gz", ["en", "ar"], count)
    multi30k()
