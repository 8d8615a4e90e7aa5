"""Word-by-word tokenization shared by the model scripts (tiny builder, benchmark).

Words are the whitespace-separated tokens of a line (split_words: runs of the
characters .NET's char.IsWhiteSpace accepts). Every word is tokenized on its own:

* WordPiece (bert): BERT basic tokenization of the word (drop NUL / U+FFFD / control
  and format characters, whitespace -> space, spaces around CJK ideographs, optional
  lowercasing + accent stripping, split off punctuation), then greedy
  longest-match-first WordPiece with ``##`` continuations; a token that cannot be
  matched (or is longer than 100 characters) becomes ``[UNK]``. This is what Hugging
  Face's ``BertTokenizer`` does for a single word (except special-token strings such
  as ``[CLS]`` written in the text, which are not treated specially here).
* SentencePiece (xlm-roberta): ``sp.encode(word)`` (adds the ``▁`` dummy prefix), then
  the fairseq id layout: ``<s>``=0, ``<pad>``=1, ``</s>``=2, ``<unk>``=3, SentencePiece id
  i >= 1 -> i + 1 (SentencePiece's own unk id 0 -> 3); ``<mask>`` = sp size + 1.
* SentencePiece (t5): ``sp.encode(word)`` with the ids unchanged (T5's model has
  ``<pad>``=0, ``</s>``=1, ``<unk>``=2 and no BOS); a sentence is ``pieces... </s>``; the
  decoder starts from the pad id 0.

A word whose piece list is empty is "dropped by the tokenizer" and gets no vector.
Truncation keeps the longest prefix of whole words whose pieces plus the special
tokens (two; one for t5) fit into ``max_positions``.
"""

import re
import sys
import unicodedata

# Word boundaries: exactly .NET's char.IsWhiteSpace (Zs, Zl, Zp, U+0009..U+000D, U+0085),
# so the C# side splits lines identically. Python's str.split() would also split on
# U+001C..U+001F, which .NET does not treat as whitespace.
_WS_CHARS = "".join(
    chr(c) for c in range(sys.maxunicode + 1)
    if unicodedata.category(chr(c)) in ("Zs", "Zl", "Zp") or c in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85)
)
_WS_RE = re.compile("[" + re.escape(_WS_CHARS) + "]+")


def split_words(line):
    """The whitespace-separated words of a line (runs of .NET whitespace; no empty words)."""
    return [w for w in _WS_RE.split(line) if w]


# --------------------------------------------------------------------------- WordPiece


def _is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch).startswith("C")


def _is_punctuation(ch):
    cp = ord(ch)
    if (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126):
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def basic_tokenize(text, lowercase=False):
    """BERT BasicTokenizer (tokenize_chinese_chars=True, strip_accents follows lowercase)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif _is_cjk(cp):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    text = "".join(out)
    tokens = []
    for tok in text.strip().split():
        if lowercase:
            tok = tok.lower()
            tok = "".join(c for c in unicodedata.normalize("NFD", tok) if unicodedata.category(c) != "Mn")
        current = []
        for ch in tok:
            if _is_punctuation(ch):
                if current:
                    tokens.append("".join(current))
                    current = []
                tokens.append(ch)
            else:
                current.append(ch)
        if current:
            tokens.append("".join(current))
    return tokens


def wordpiece(token, vocab, unk="[UNK]", max_chars=100):
    """Greedy longest-match-first WordPiece of one basic token -> list of piece strings."""
    if len(token) > max_chars:
        return [unk]
    pieces = []
    start = 0
    while start < len(token):
        end = len(token)
        found = None
        while start < end:
            sub = token[start:end]
            if start > 0:
                sub = "##" + sub
            if sub in vocab:
                found = sub
                break
            end -= 1
        if found is None:
            return [unk]
        pieces.append(found)
        start = end
    return pieces


def load_vocab(path):
    vocab = {}
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            vocab[line.rstrip("\n")] = i
    return vocab


class WordPieceTokenizer:
    kind = "wordpiece"

    def __init__(self, vocab, lowercase=False):
        self.vocab = vocab if isinstance(vocab, dict) else load_vocab(vocab)
        self.lowercase = lowercase
        self.unk_id = self.vocab["[UNK]"]
        self.pad_id = self.vocab["[PAD]"]
        self.bos_id = self.vocab["[CLS]"]
        self.eos_id = self.vocab["[SEP]"]
        self.prefix_ids = [self.bos_id]
        self.suffix_ids = [self.eos_id]

    def word_pieces(self, word):
        pieces = []
        for tok in basic_tokenize(word, self.lowercase):
            pieces.extend(wordpiece(tok, self.vocab))
        return pieces

    def word_ids(self, word):
        return [self.vocab[p] for p in self.word_pieces(word)]


# ----------------------------------------------------------------------- SentencePiece

FAIRSEQ_BOS, FAIRSEQ_PAD, FAIRSEQ_EOS, FAIRSEQ_UNK = 0, 1, 2, 3


def fairseq_id(sp_id):
    """SentencePiece id -> XLM-R (fairseq) id: 0 (sp unk) -> 3, i -> i + 1 otherwise."""
    return FAIRSEQ_UNK if sp_id == 0 else sp_id + 1


class SentencePieceTokenizer:
    kind = "sentencepiece"

    def __init__(self, model_file):
        import sentencepiece as spm

        self.sp = spm.SentencePieceProcessor(model_file=str(model_file))
        if self.sp.unk_id() != 0:
            raise ValueError("expected a SentencePiece model with unk id 0 (XLM-R layout)")
        self.pad_id = FAIRSEQ_PAD
        self.bos_id = FAIRSEQ_BOS
        self.eos_id = FAIRSEQ_EOS
        self.unk_id = FAIRSEQ_UNK
        self.prefix_ids = [self.bos_id]
        self.suffix_ids = [self.eos_id]
        self.mask_id = self.sp.get_piece_size() + 1
        self.vocab_size = self.sp.get_piece_size() + 2  # fairseq: 4 specials + sp pieces 3.. + <mask>

    def word_pieces(self, word):
        return self.sp.encode(word, out_type=str)

    def word_ids(self, word):
        return [fairseq_id(i) for i in self.sp.encode(word)]


T5_PAD, T5_EOS, T5_UNK = 0, 1, 2


class T5SentencePieceTokenizer:
    """T5 / mT5 SentencePiece: ids as the model file numbers them (no fairseq offset)."""

    kind = "sentencepiece"

    def __init__(self, model_file):
        import sentencepiece as spm

        self.sp = spm.SentencePieceProcessor(model_file=str(model_file))
        got = (self.sp.pad_id(), self.sp.eos_id(), self.sp.unk_id(), self.sp.bos_id())
        if got != (T5_PAD, T5_EOS, T5_UNK, -1):
            raise ValueError("expected a SentencePiece model with T5's ids pad 0, eos 1, unk 2, no bos; got %s" % (got,))
        self.pad_id = T5_PAD
        self.eos_id = T5_EOS
        self.unk_id = T5_UNK
        self.bos_id = None
        self.decoder_start_id = T5_PAD
        self.prefix_ids = []
        self.suffix_ids = [T5_EOS]
        self.vocab_size = self.sp.get_piece_size()

    def word_pieces(self, word):
        return self.sp.encode(word, out_type=str)

    def word_ids(self, word):
        return list(self.sp.encode(word))


# ------------------------------------------------------------------------------ lines


def make_tokenizer(kind, file, lowercase=False, architecture=None):
    if kind == "wordpiece":
        return WordPieceTokenizer(file, lowercase)
    if kind == "sentencepiece" and architecture == "t5":
        return T5SentencePieceTokenizer(file)
    if kind == "sentencepiece":
        return SentencePieceTokenizer(file)
    raise ValueError("unknown tokenizer kind: %r" % kind)


def tokenizer_from_model_json(model_dir):
    import json
    import os

    with open(os.path.join(model_dir, "model.json"), encoding="utf-8") as f:
        meta = json.load(f)
    tok = meta["tokenizer"]
    return make_tokenizer(tok["kind"], os.path.join(model_dir, tok["file"]), tok.get("lowercase", False),
                          meta.get("architecture")), meta


def encode_line(tokenizer, line, max_positions):
    """Tokenize one line word by word.

    Returns a dict with words, word_piece_ids (per word, no specials), input_ids (with
    specials, after truncation), spans (per kept word: (start, end) positions in
    input_ids, end exclusive), kept_word_indices, dropped_by_tokenizer, truncated.
    """
    words = split_words(line)
    word_ids = [tokenizer.word_ids(w) for w in words]
    budget = max_positions - len(tokenizer.prefix_ids) - len(tokenizer.suffix_ids)
    input_ids = list(tokenizer.prefix_ids)
    kept, dropped, truncated, spans = [], [], [], []
    used = 0
    cut = False
    for i, ids in enumerate(word_ids):
        if cut or used + len(ids) > budget:
            cut = True
            truncated.append(i)
            continue
        if not ids:
            dropped.append(i)
            continue
        spans.append((len(input_ids), len(input_ids) + len(ids)))
        input_ids.extend(ids)
        used += len(ids)
        kept.append(i)
    input_ids.extend(tokenizer.suffix_ids)
    return {
        "words": words,
        "word_piece_ids": word_ids,
        "input_ids": input_ids,
        "spans": spans,
        "kept_word_indices": kept,
        "dropped_by_tokenizer": dropped,
        "truncated": truncated,
    }
