#!/usr/bin/env python3
"""Build the committed tiny test models: models/tiny-bert, models/tiny-xlmr and models/tiny-t5.

Each folder gets model.onnx + model.json (docs/file-formats.md; tiny-t5: encoder.onnx and
decoder.onnx), the tokenizer file (vocab.txt / sentencepiece.bpe.model / spiece.model),
torch_config.json (how to rebuild the torch module) and expected.json (word vectors
computed by the torch module itself; tiny-t5 also the decoder's, by teacher forcing).

Deterministic: fixed seed 1234 for the weights, single-threaded SentencePiece training.
Usage: /usr/bin/python3 models/build_tiny_models.py [--out-dir models] [--only tiny-bert|tiny-xlmr|tiny-t5]
"""

import argparse
import hashlib
import io
import json
import os
import sys
from collections import Counter

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mlnc_encoder  # noqa: E402
import mlnc_export  # noqa: E402
import mlnc_t5  # noqa: E402
import mlnc_tokenize as tk  # noqa: E402
from mlnc_sample_text import SENTENCEPIECE_SAMPLE, T5_TEST_TARGETS, TEST_SENTENCES, WORDPIECE_SAMPLE  # noqa: E402

SEED = 1234
STD = 0.2
HIDDEN = 32
LAYERS = 3
HEADS = 4
INTERMEDIATE = 64
MAX_POSITIONS = 24
SPM_VOCAB_SIZE = 400
AGGREGATIONS = ("last", "first", "mean")
T5_STD = 0.1  # T5 has no 1/sqrt(d) attention scaling; smaller weights keep attention soft and values moderate
T5_DECODER_LAYERS = 2  # differs from the encoder's 3, so per-component layer counts are exercised
DECODER_POSITIONS = ("predict", "read")


# ------------------------------------------------------------------------ tokenizers


def build_wordpiece_vocab():
    """[PAD] [UNK] [CLS] [SEP] [MASK], single characters, ## characters, whole words
    (seen twice, or up to 4 characters), frequent ## suffixes (2-4 characters ending at
    least 3 sample words of 5+ characters). Cased."""
    tokens = [t for line in WORDPIECE_SAMPLE for t in tk.basic_tokenize(line, lowercase=False)]
    counts = Counter(tokens)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    chars = sorted(set("".join(tokens)))
    vocab += chars
    vocab += ["##" + c for c in chars if not tk._is_punctuation(c)]
    words = [w for w in counts if len(w) > 1 and (counts[w] >= 2 or len(w) <= 4)]
    vocab += sorted(words, key=lambda w: (-counts[w], w))
    suffixes = Counter()
    for w in counts:
        if len(w) >= 5:
            for k in (2, 3, 4):
                suffixes[w[-k:]] += 1
    vocab += ["##" + s for s in sorted((s for s in suffixes if suffixes[s] >= 3), key=lambda s: (-suffixes[s], s))]
    seen = set()
    out = []
    for v in vocab:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


def train_sentencepiece(path, layout="xlm-roberta"):
    """Unigram model with XLM-R's SentencePiece id layout (<unk>=0, <s>=1, </s>=2, no pad) or
    T5's (<pad>=0, </s>=1, <unk>=2, no bos)."""
    import sentencepiece as spm

    ids = dict(unk_id=0, bos_id=1, eos_id=2, pad_id=-1) if layout == "xlm-roberta" else \
        dict(pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(SENTENCEPIECE_SAMPLE),
        model_writer=buf,
        model_type="unigram",
        vocab_size=SPM_VOCAB_SIZE,
        character_coverage=1.0,
        normalization_rule_name="nmt_nfkc",
        **ids,
        num_threads=1,
        seed_sentencepiece_size=100000,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    with open(path, "wb") as f:
        f.write(buf.getvalue())


# --------------------------------------------------------------------------- vectors


def round7(x):
    return float("%.7g" % x)


def word_vectors(states, spans, row=0):
    """states: tuple of [B, S, H] tensors -> {agg: [layer][word][H] float32 numpy}."""
    out = {a: [] for a in AGGREGATIONS}
    for h in states:
        h = h[row]
        per = {a: [] for a in AGGREGATIONS}
        for s, e in spans:
            per["last"].append(h[e - 1])
            per["first"].append(h[s])
            per["mean"].append(h[s:e].mean(dim=0))
        for a in AGGREGATIONS:
            out[a].append(torch.stack(per[a]).numpy() if per[a] else np.zeros((0, h.shape[-1]), np.float32))
    return out


def max_diff(a, b):
    d = 0.0
    for agg in AGGREGATIONS:
        for x, y in zip(a[agg], b[agg]):
            if x.size:
                d = max(d, float(np.max(np.abs(x - y))))
    return d


def padded_batch(encoded, pad_id, with_types):
    n = max(len(e["input_ids"]) for e in encoded)
    ids = torch.full((len(encoded), n), pad_id, dtype=torch.int64)
    mask = torch.zeros((len(encoded), n), dtype=torch.int64)
    for i, e in enumerate(encoded):
        ids[i, : len(e["input_ids"])] = torch.tensor(e["input_ids"])
        mask[i, : len(e["input_ids"])] = 1
    args = [ids, mask]
    if with_types:
        args.append(torch.zeros_like(ids))
    return args


def _rounded(v):
    return {a: [[[round7(x) for x in w] for w in layer] for layer in v[a]] for a in AGGREGATIONS}


def write_expected(path, name, meta, encoded, vectors, extra_head=None, extra=None):
    head = {"model": name, "max_positions": meta["max_positions"], "num_layers": meta["num_layers"],
            "hidden_size": meta["hidden_size"]}
    head.update(extra_head or {})
    lines = []
    for i, (e, v) in enumerate(zip(encoded, vectors)):
        s = {
            "text": e["text"],
            "words": e["words"],
            "word_piece_ids": e["word_piece_ids"],
            "word_pieces": e["word_pieces"],
            "input_ids": e["input_ids"],
            "kept_word_indices": e["kept_word_indices"],
            "dropped_by_tokenizer": e["dropped_by_tokenizer"],
            "truncated": e["truncated"],
            "vectors": _rounded(v),
        }
        if extra is not None:
            s.update(extra[i])
        lines.append(json.dumps(s, ensure_ascii=False, separators=(",", ":")))
    text = json.dumps(head, ensure_ascii=False)[:-1] + ',\n "sentences": [\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)  # well-formed
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# ----------------------------------------------------------------------------- build


def build(name, out_root):
    out_dir = os.path.join(out_root, name)
    os.makedirs(out_dir, exist_ok=True)
    if name == "tiny-bert":
        vocab = build_wordpiece_vocab()
        with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(vocab) + "\n")
        tokenizer = tk.WordPieceTokenizer({v: i for i, v in enumerate(vocab)}, lowercase=False)
        arch, kind, tok_file, vocab_size, with_types = "bert", "wordpiece", "vocab.txt", len(vocab), True
    else:
        tok_path = os.path.join(out_dir, "sentencepiece.bpe.model")
        train_sentencepiece(tok_path)
        tokenizer = tk.SentencePieceTokenizer(tok_path)
        arch, kind, tok_file, vocab_size, with_types = ("xlm-roberta", "sentencepiece", "sentencepiece.bpe.model",
                                                        tokenizer.vocab_size, False)
    print("%s: %s tokenizer, model vocabulary %d ids" % (name, kind, vocab_size))

    cfg = mlnc_encoder.EncoderConfig(arch, vocab_size, HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POSITIONS,
                                     tokenizer.pad_id)
    torch.manual_seed(SEED)
    encoder = mlnc_encoder.build(cfg, SEED, STD)
    module = encoder if with_types else mlnc_encoder.WithoutTokenTypes(encoder)
    meta = mlnc_export.export_encoder(
        module, out_dir, architecture=arch, tokenizer_kind=kind, tokenizer_file=tok_file, lowercase=False,
        hidden_size=HIDDEN, max_positions=MAX_POSITIONS, num_layers=LAYERS, has_token_type_ids=with_types,
        pad_id=tokenizer.pad_id)
    mlnc_export.write_json(os.path.join(out_dir, "torch_config.json"), {
        "builder": "models/build_tiny_models.py",
        "config": cfg.to_dict(), "seed": SEED, "std": STD,
        "weights_checksum": encoder.checksum(),
        "torch_version": torch.__version__,
    })

    # expected.json: unbatched torch forward, one sentence at a time.
    encoded, vectors = [], []
    for text in TEST_SENTENCES:
        e = tk.encode_line(tokenizer, text, MAX_POSITIONS)
        e["text"] = text
        e["word_pieces"] = [tokenizer.word_pieces(w) for w in e["words"]]
        args = padded_batch([e], tokenizer.pad_id, with_types)
        with torch.inference_mode():
            states = module(*args)
        encoded.append(e)
        vectors.append(word_vectors(states, e["spans"]))
    write_expected(os.path.join(out_dir, "expected.json"), name, meta, encoded, vectors)

    # padded batch (right padding with the pad id, attention_mask 0): torch and ONNX.
    args = padded_batch(encoded, tokenizer.pad_id, with_types)
    with torch.inference_mode():
        states = module(*args)
    d_torch = max(max_diff(word_vectors(states, e["spans"], i), v) for i, (e, v) in enumerate(zip(encoded, vectors)))
    feeds = {n: a.numpy() for n, a in zip(mlnc_export.input_names(with_types), args)}
    outs, how = mlnc_export.run_onnx(os.path.join(out_dir, "model.onnx"), feeds)
    d_onnx = None
    if outs is not None:
        ostates = tuple(torch.from_numpy(o) for o in outs)
        d_onnx = max(max_diff(word_vectors(ostates, e["spans"], i), v) for i, (e, v) in enumerate(zip(encoded, vectors)))
    print("  padded batch %s vs unbatched torch: max |diff| torch %.3g, onnx %s (%s)"
          % (tuple(args[0].shape), d_torch, "%.3g" % d_onnx if d_onnx is not None else "n/a", how))
    if d_torch > 1e-5 or (d_onnx is not None and d_onnx > 1e-5):
        raise SystemExit("padded batch differs from unbatched forward by more than 1e-5")

    for i, e in enumerate(encoded):
        print("  [%d] words %d, kept %d, dropped %s, truncated %s, input %d ids"
              % (i, len(e["words"]), len(e["kept_word_indices"]), e["dropped_by_tokenizer"], e["truncated"],
                 len(e["input_ids"])))
    print_files(out_dir)


def print_files(out_dir):
    for f in sorted(os.listdir(out_dir)):
        p = os.path.join(out_dir, f)
        with open(p, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()[:16]
        print("  %-26s %8d bytes  sha256 %s" % (f, os.path.getsize(p), digest))


def decoder_spans(spans, position):
    """Piece spans in the target ids (pieces + </s>) -> rows of the decoder output. The decoder input is
    [start] + target[:-1], so row j reads target[j - 1] and predicts target[j]: `predict` takes the row
    that predicts a piece (same index), `read` the row that has read it (one later)."""
    shift = 0 if position == "predict" else 1
    return [(s + shift, e + shift) for s, e in spans]


def padded_pairs(model, encoded, targets, pad_id):
    """Right-padded source and decoder-input batches; returns (encoder states, decoder states)."""
    ids, mask = padded_batch(encoded, pad_id, False)
    dec_ids = torch.full((len(targets), max(len(t["decoder_input_ids"]) for t in targets)), pad_id, dtype=torch.int64)
    for i, t in enumerate(targets):
        dec_ids[i, : len(t["decoder_input_ids"])] = torch.tensor(t["decoder_input_ids"])
    with torch.inference_mode():
        enc = model.encode(ids, mask)
        dec = model.decode(dec_ids, enc[-1], mask)
    return (ids, mask, dec_ids), enc, dec


def build_t5(out_root):
    name = "tiny-t5"
    out_dir = os.path.join(out_root, name)
    os.makedirs(out_dir, exist_ok=True)
    tok_path = os.path.join(out_dir, "spiece.model")
    train_sentencepiece(tok_path, layout="t5")
    tokenizer = tk.T5SentencePieceTokenizer(tok_path)
    print("%s: sentencepiece tokenizer (t5 ids), model vocabulary %d ids" % (name, tokenizer.vocab_size))

    cfg = mlnc_t5.T5Config(tokenizer.vocab_size, HIDDEN, LAYERS, T5_DECODER_LAYERS, HEADS, INTERMEDIATE,
                           MAX_POSITIONS, pad_id=tokenizer.pad_id, eos_id=tokenizer.eos_id,
                           decoder_start_id=tokenizer.decoder_start_id)
    torch.manual_seed(SEED)
    model = mlnc_t5.build(cfg, SEED, T5_STD)
    meta = mlnc_export.export_t5(
        mlnc_t5.EncoderGraph(model), mlnc_t5.DecoderGraph(model), out_dir, tokenizer_file="spiece.model",
        hidden_size=HIDDEN, max_positions=MAX_POSITIONS, num_layers=LAYERS, num_decoder_layers=T5_DECODER_LAYERS,
        pad_id=tokenizer.pad_id)
    mlnc_export.write_json(os.path.join(out_dir, "torch_config.json"), {
        "builder": "models/build_tiny_models.py",
        "module": "models/mlnc_t5.py",
        "config": cfg.to_dict(), "seed": SEED, "std": T5_STD,
        "weights_checksum": model.checksum(),
        "torch_version": torch.__version__,
    })

    # expected.json: unbatched torch forward, one sentence pair at a time (source -> encoder, target ->
    # decoder by teacher forcing).
    encoded, targets, vectors, target_vectors = [], [], [], []
    for text, target_text in zip(TEST_SENTENCES, T5_TEST_TARGETS):
        e = tk.encode_line(tokenizer, text, MAX_POSITIONS)
        e["text"] = text
        e["word_pieces"] = [tokenizer.word_pieces(w) for w in e["words"]]
        t = tk.encode_line(tokenizer, target_text, MAX_POSITIONS)
        t["text"] = target_text
        t["word_pieces"] = [tokenizer.word_pieces(w) for w in t["words"]]
        t["decoder_input_ids"] = [tokenizer.decoder_start_id] + t["input_ids"][:-1]
        _, enc, dec = padded_pairs(model, [e], [t], tokenizer.pad_id)
        encoded.append(e)
        targets.append(t)
        vectors.append(word_vectors(enc, e["spans"]))
        target_vectors.append({p: word_vectors(dec, decoder_spans(t["spans"], p)) for p in DECODER_POSITIONS})
    extra = []
    for t, tv in zip(targets, target_vectors):
        extra.append({"target": {
            "text": t["text"], "words": t["words"], "word_piece_ids": t["word_piece_ids"],
            "word_pieces": t["word_pieces"], "input_ids": t["input_ids"], "decoder_input_ids": t["decoder_input_ids"],
            "kept_word_indices": t["kept_word_indices"], "dropped_by_tokenizer": t["dropped_by_tokenizer"],
            "truncated": t["truncated"], "vectors": {p: _rounded(tv[p]) for p in DECODER_POSITIONS}}})
    meta_head = {"max_positions": MAX_POSITIONS, "num_layers": LAYERS, "hidden_size": HIDDEN}
    write_expected(os.path.join(out_dir, "expected.json"), name, meta_head, encoded, vectors,
                   extra_head={"decoder_num_layers": T5_DECODER_LAYERS, "decoder_start_id": tokenizer.decoder_start_id},
                   extra=extra)

    # All 8 pairs as one right-padded batch: torch and both ONNX graphs against the unbatched vectors.
    (ids, mask, dec_ids), enc, dec = padded_pairs(model, encoded, targets, tokenizer.pad_id)

    def diff(enc_states, dec_states):
        d = 0.0
        for i, (e, t) in enumerate(zip(encoded, targets)):
            d = max(d, max_diff(word_vectors(enc_states, e["spans"], i), vectors[i]))
            for p in DECODER_POSITIONS:
                d = max(d, max_diff(word_vectors(dec_states, decoder_spans(t["spans"], p), i), target_vectors[i][p]))
        return d

    d_torch = diff(enc, dec)
    enc_outs, how = mlnc_export.run_onnx(os.path.join(out_dir, "encoder.onnx"),
                                         {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})
    d_onnx = None
    if enc_outs is not None:
        dec_outs, _ = mlnc_export.run_onnx(os.path.join(out_dir, "decoder.onnx"), {
            "input_ids": dec_ids.numpy(), "encoder_hidden_states": enc_outs[-1],
            "encoder_attention_mask": mask.numpy()})
        d_onnx = diff(tuple(torch.from_numpy(o) for o in enc_outs), tuple(torch.from_numpy(o) for o in dec_outs))
    print("  padded batch %s -> %s vs unbatched torch: max |diff| torch %.3g, onnx %s (%s)"
          % (tuple(ids.shape), tuple(dec_ids.shape), d_torch, "%.3g" % d_onnx if d_onnx is not None else "n/a", how))
    if d_torch > 1e-5 or (d_onnx is not None and d_onnx > 1e-5):
        raise SystemExit("padded batch differs from unbatched forward by more than 1e-5")
    for i, (e, t) in enumerate(zip(encoded, targets)):
        print("  [%d] source words %d kept %d, input %d ids; target words %d kept %d, decoder input %d ids"
              % (i, len(e["words"]), len(e["kept_word_indices"]), len(e["input_ids"]), len(t["words"]),
                 len(t["kept_word_indices"]), len(t["decoder_input_ids"])))
    print_files(out_dir)
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--only", choices=["tiny-bert", "tiny-xlmr", "tiny-t5"])
    a = ap.parse_args()
    torch.set_num_threads(1)
    for name in ("tiny-bert", "tiny-xlmr"):
        if a.only in (None, name):
            build(name, a.out_dir)
    if a.only in (None, "tiny-t5"):
        build_t5(a.out_dir)


if __name__ == "__main__":
    main()
