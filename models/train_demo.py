#!/usr/bin/env python3
"""Train the embedded demo models: models/demo-base and models/demo-tuned (issue 7).

demo-base: a small XLM-R-shaped encoder trained from scratch on English, German, French and Arabic with
masked language modelling (MLM) on single sentences plus translation language modelling (TLM, the XLM
recipe: both sentences of a translation pair in one input, masks on both sides).
demo-tuned: demo-base fine-tuned on English-German only, to decide whether two sentences translate each
other; French and Arabic are zero-shot for it, as in the paper's setting.

Data (../shared/data): Multi30k train (en, de, fr captions, line-aligned), Tatoeba eng-deu and eng-ara.
Every sentence is tokenized as the embedded sample is (examples/data/make_sample.py), and the pairs of the
embedded sample are left out of training, so `analyze`'s default run runs on sentences the models never saw.
Held out for evaluation: Multi30k val (en, de, fr) and 500 Tatoeba pairs each of en-de and en-ar.

Both models are exported with every hidden state (docs/file-formats.md). Weights are stored as float16 in the ONNX
file and cast to float32 when the session loads (compute stays float32), which halves the files; torch
checks the export against the float16-rounded weights. Writes, beside the models, training-log.json (the
loss curve, settings, data counts, timings and held-out accuracies).

Usage (from the repository root; about 45 minutes on a 2-core machine):
  /usr/bin/python3 models/train_demo.py [--steps 1500] [--tune-steps 300] [--threads 2] [--work /tmp/demo-train]
  /usr/bin/python3 models/train_demo.py --steps 20 --tune-steps 10 --out-dir /tmp/demo-smoke   # smoke test
"""

import argparse
import gzip
import io
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "examples", "data"))

import mlnc_encoder  # noqa: E402
import mlnc_export  # noqa: E402
from make_sample import tokenize  # noqa: E402

SEED = 212
DATA = os.path.join(ROOT, "..", "shared", "data")
SAMPLE = os.path.join(ROOT, "examples", "data")

VOCAB_SIZE = 8000          # SentencePiece pieces (the model adds <pad> and <mask>)
HIDDEN = 256
LAYERS = 6
HEADS = 4
INTERMEDIATE = 1024
MAX_POSITIONS = 128        # tokens per input, specials included (TLM pairs included)
TOKENS_PER_BATCH = 3000    # real tokens per training step, padding excluded
MASK_RATE = 0.15           # BERT/XLM: 15% of tokens; of those 80% <mask>, 10% random, 10% kept
LEARNING_RATE = 7e-4
WARMUP = 150
TUNE_LEARNING_RATE = 1e-4
TUNE_PAIRS_PER_BATCH = 64


# --------------------------------------------------------------------------- data


def read_lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [tokenize(line.rstrip("\n")) for line in f]


def read_pairs(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    return [(tokenize(r[0]), tokenize(r[1])) for r in rows if len(r) >= 2 and r[0].strip() and r[1].strip()]


def read_sample(pair):
    a, b = pair.split("-")
    with open(os.path.join(SAMPLE, "%s.%s" % (pair, a)), encoding="utf-8") as fa, \
            open(os.path.join(SAMPLE, "%s.%s" % (pair, b)), encoding="utf-8") as fb:
        return set(zip((x.rstrip("\n") for x in fa), (y.rstrip("\n") for y in fb)))


def load_corpora(rng):
    """-> dict with train/held-out parallel pairs per language pair (each a list of (a, b) strings)."""
    m30k = {lang: read_lines(os.path.join(DATA, "multi30k", "train.%s.gz" % lang)) for lang in ("en", "de", "fr")}
    m30k_val = {lang: read_lines(os.path.join(DATA, "multi30k", "val.%s.gz" % lang)) for lang in ("en", "de", "fr")}
    tatoeba = {}
    for pair, name in (("en-de", "eng-deu.tsv.gz"), ("en-ar", "eng-ara.tsv.gz")):
        sample = read_sample(pair)
        pairs = [p for p in read_pairs(os.path.join(DATA, "tatoeba", name)) if p not in sample and p[0] and p[1]]
        rng.shuffle(pairs)
        tatoeba[pair] = (pairs[500:], pairs[:500])  # train, held out
    train = {
        "en-de": list(zip(m30k["en"], m30k["de"])) + tatoeba["en-de"][0],
        "en-fr": list(zip(m30k["en"], m30k["fr"])),
        "de-fr": list(zip(m30k["de"], m30k["fr"])),
        "en-ar": tatoeba["en-ar"][0],
    }
    held_out = {
        "en-de": list(zip(m30k_val["en"], m30k_val["de"]))[:500] + tatoeba["en-de"][1],
        "en-fr": list(zip(m30k_val["en"], m30k_val["fr"]))[:500],
        "en-ar": tatoeba["en-ar"][1],
    }
    return train, held_out


def monolingual(train):
    """Distinct sentences per language from the training pairs (Multi30k lines appear in two pairs)."""
    seen = {}
    for pair, rows in train.items():
        a, b = pair.split("-")
        for x, y in rows:
            seen.setdefault(a, {})[x] = None
            seen.setdefault(b, {})[y] = None
    return {lang: list(sents) for lang, sents in seen.items()}


# ---------------------------------------------------------------------- tokenizer


def train_sentencepiece(path, sentences_by_language, rng):
    """Unigram model over a language-balanced sample, XLM-R's id layout (<unk>=0, <s>=1, </s>=2, no pad)."""
    import sentencepiece as spm

    per_language = 30000
    sample = []
    for lang in sorted(sentences_by_language):
        sents = sentences_by_language[lang]
        # Arabic has fewer sentences: repeat it so each language weighs the same in the vocabulary.
        picks = [sents[rng.randrange(len(sents))] for _ in range(per_language)]
        sample.extend(picks)
    rng.shuffle(sample)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sample), model_writer=buf, model_type="unigram", vocab_size=VOCAB_SIZE,
        character_coverage=1.0, normalization_rule_name="nmt_nfkc", unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        num_threads=1, shuffle_input_sentence=False, minloglevel=2)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


class Vocabulary:
    """SentencePiece with the fairseq id layout (<s>=0, <pad>=1, </s>=2, <unk>=3, pieces +1, <mask> last)."""

    def __init__(self, path):
        import sentencepiece as spm

        self.sp = spm.SentencePieceProcessor(model_file=path)
        self.bos, self.pad, self.eos, self.unk = 0, 1, 2, 3
        self.mask = self.sp.get_piece_size() + 1
        self.size = self.sp.get_piece_size() + 2
        self.first_piece = 4  # ids below are specials: never masked, never predicted

    def encode(self, line):
        return [self.unk if i == 0 else i + 1 for i in self.sp.encode(line)]


# ---------------------------------------------------------------------- examples


def single(v, ids):
    return [v.bos] + ids[: MAX_POSITIONS - 2] + [v.eos]


def paired(v, a, b):
    """XLM-R's pair layout: <s> A </s> </s> B </s>, each side cut to fit."""
    room = (MAX_POSITIONS - 4) // 2
    return [v.bos] + a[:room] + [v.eos, v.eos] + b[:room] + [v.eos]


def token_batches(examples, rng, tokens_per_batch):
    """Length-sorted buckets of about tokens_per_batch real tokens, in random order."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i]), rng.random()))
    batches, current, tokens = [], [], 0
    for i in order:
        current.append(i)
        tokens += len(examples[i])
        if tokens >= tokens_per_batch:
            batches.append(current)
            current, tokens = [], 0
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def pad(v, seqs):
    n = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), n), v.pad, dtype=torch.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
    return ids, ids.ne(v.pad).to(torch.int64)


def mask_tokens(v, ids, gen):
    """BERT masking of real pieces: returns (inputs, positions [k, 2], targets [k])."""
    maskable = ids >= v.first_piece
    maskable &= ids != v.mask
    pick = (torch.rand(ids.shape, generator=gen) < MASK_RATE) & maskable
    if not pick.any():  # at least one target per batch
        pos = maskable.nonzero()[0]
        pick[pos[0], pos[1]] = True
    targets = ids[pick]
    inputs = ids.clone()
    roll = torch.rand(ids.shape, generator=gen)
    inputs[pick & (roll < 0.8)] = v.mask
    randomize = pick & (roll >= 0.8) & (roll < 0.9)
    inputs[randomize] = torch.randint(v.first_piece, v.mask, (int(randomize.sum()),), generator=gen)
    return inputs, pick, targets


# -------------------------------------------------------------------------- model


class MaskedLmHead(nn.Module):
    """dense + GELU + LayerNorm, then the tied embedding matrix and a bias (as in RoBERTa)."""

    def __init__(self, encoder):
        super().__init__()
        h = encoder.cfg.hidden_size
        self.dense = nn.Linear(h, h)
        self.norm = nn.LayerNorm(h, eps=encoder.cfg.layer_norm_eps)
        self.bias = nn.Parameter(torch.zeros(encoder.cfg.vocab_size))
        self.embeddings = encoder.word_embeddings

    def forward(self, x):
        x = self.norm(nn.functional.gelu(self.dense(x)))
        return x @ self.embeddings.weight.t() + self.bias


class PairClassifier(nn.Module):
    """RoBERTa's classification head on the <s> state of the last layer: dense + tanh + linear."""

    def __init__(self, hidden):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, 2)

    def forward(self, first_state):
        return self.out(torch.tanh(self.dense(first_state)))


def init_weights(module):
    """BERT's initialisation: N(0, 0.02) weights and embeddings, zero biases, unit LayerNorms."""
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


def schedule(step, total, warmup):
    if step < warmup:
        return (step + 1) / warmup
    return max(0.05, 1.0 - (step - warmup) / max(1, total - warmup))


# ----------------------------------------------------------------------- training


def pretrain(encoder, head, v, train, steps, log, rng, gen):
    """MLM on every language's sentences + TLM on every pair, mixed in one stream of token batches."""
    mono = monolingual(train)
    examples, kinds = [], []
    for lang, sents in sorted(mono.items()):
        repeat = 3 if lang == "ar" else 1  # Arabic is the smallest language: see it more often
        for _ in range(repeat):
            for s in sents:
                examples.append(single(v, v.encode(s)))
                kinds.append("mlm-" + lang)
    for pair, rows in sorted(train.items()):
        repeat = 3 if pair == "en-ar" else 1
        for _ in range(repeat):
            for a, b in rows:
                # Either order, so neither language always comes first.
                x, y = (a, b) if rng.random() < 0.5 else (b, a)
                examples.append(paired(v, v.encode(x), v.encode(y)))
                kinds.append("tlm-" + pair)
    counts = {}
    for k in kinds:
        counts[k] = counts.get(k, 0) + 1
    total_tokens = sum(len(e) for e in examples)
    log["pretraining_data"] = {"examples": counts, "tokens_per_epoch": total_tokens}
    print("pretraining: %d examples, %d tokens per epoch" % (len(examples), total_tokens), flush=True)

    params = list(encoder.parameters()) + [p for n, p in head.named_parameters() if not n.startswith("embeddings")]
    opt = torch.optim.AdamW(params, lr=LEARNING_RATE, betas=(0.9, 0.98), eps=1e-6, weight_decay=0.01)
    curve = log.setdefault("pretraining_curve", [])
    encoder.train()
    step, epoch, seen_tokens = 0, 0, 0
    start = time.time()
    window_loss, window_acc, window_n = 0.0, 0.0, 0
    while step < steps:
        epoch += 1
        for batch in token_batches(examples, rng, TOKENS_PER_BATCH):
            if step >= steps:
                break
            ids, attention = pad(v, [examples[i] for i in batch])
            inputs, pick, targets = mask_tokens(v, ids, gen)
            for g in opt.param_groups:
                g["lr"] = LEARNING_RATE * schedule(step, steps, WARMUP)
            states = encoder(inputs, attention)
            logits = head(states[-1][pick])
            loss = nn.functional.cross_entropy(logits, targets)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            step += 1
            seen_tokens += int(attention.sum())
            window_loss += float(loss)
            window_acc += float((logits.argmax(-1) == targets).float().mean())
            window_n += 1
            if step % 25 == 0 or step == steps:
                entry = {"step": step, "epoch": epoch, "tokens": seen_tokens, "loss": round(window_loss / window_n, 4),
                         "masked_accuracy": round(window_acc / window_n, 4),
                         "seconds": round(time.time() - start, 1)}
                curve.append(entry)
                print("  step %5d  epoch %d  loss %.3f  masked acc %.3f  %.0f s" % (
                    step, epoch, entry["loss"], entry["masked_accuracy"], entry["seconds"]), flush=True)
                window_loss, window_acc, window_n = 0.0, 0.0, 0
    encoder.eval()
    log["pretraining"] = {"steps": steps, "epochs_started": epoch, "tokens_seen": seen_tokens,
                          "seconds": round(time.time() - start, 1)}


@torch.no_grad()
def masked_accuracy(encoder, head, v, sentences, seed):
    """Held-out masked-token accuracy (fixed masks from `seed`), single sentences."""
    gen = torch.Generator().manual_seed(seed)
    encoder.eval()
    right = total = 0
    examples = [single(v, v.encode(s)) for s in sentences if s]
    for i in range(0, len(examples), 64):
        ids, attention = pad(v, examples[i: i + 64])
        inputs, pick, targets = mask_tokens(v, ids, gen)
        logits = head(encoder(inputs, attention)[-1][pick])
        right += int((logits.argmax(-1) == targets).sum())
        total += int(targets.numel())
    return right / max(1, total), total


def pair_examples(v, pairs, rng):
    """Half true translation pairs, half mismatched: the target sentence of another pair of similar length."""
    by_length = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][1].split()), rng.random()))
    rank = {j: r for r, j in enumerate(by_length)}
    out = []
    for i, (a, b) in enumerate(pairs):
        if rng.random() < 0.5:
            out.append((paired(v, v.encode(a), v.encode(b)), 1))
        else:
            r = rank[i] + rng.choice([-3, -2, -1, 1, 2, 3])
            j = by_length[min(max(r, 0), len(pairs) - 1)]
            if j == i or pairs[j][1] == b:
                j = by_length[(rank[i] + 7) % len(pairs)]
            out.append((paired(v, v.encode(a), v.encode(pairs[j][1])), 0))
    return out


@torch.no_grad()
def pair_accuracy(encoder, classifier, v, examples):
    encoder.eval()
    right = 0
    for i in range(0, len(examples), 64):
        chunk = examples[i: i + 64]
        ids, attention = pad(v, [e for e, _ in chunk])
        labels = torch.tensor([y for _, y in chunk])
        pred = classifier(encoder(ids, attention)[-1][:, 0]).argmax(-1)
        right += int((pred == labels).sum())
    return right / max(1, len(examples))


def fine_tune(encoder, v, train, held_out, steps, log, rng):
    """English-German translation-pair classification, every encoder weight trained."""
    classifier = PairClassifier(encoder.cfg.hidden_size)
    init_weights(classifier)
    train_examples = pair_examples(v, train["en-de"], rng)
    evals = {pair: pair_examples(v, rows, random.Random(SEED + 1)) for pair, rows in held_out.items()}
    log["fine_tuning_data"] = {"train_examples": len(train_examples),
                               "held_out_examples": {p: len(e) for p, e in evals.items()}}
    before = {p: round(pair_accuracy(encoder, classifier, v, e), 4) for p, e in evals.items()}
    params = list(encoder.parameters()) + list(classifier.parameters())
    opt = torch.optim.AdamW(params, lr=TUNE_LEARNING_RATE, weight_decay=0.01)
    curve = log.setdefault("fine_tuning_curve", [])
    start = time.time()
    order = list(range(len(train_examples)))
    rng.shuffle(order)
    window_loss, window_n = 0.0, 0
    for step in range(steps):
        encoder.train()
        picks = [order[(step * TUNE_PAIRS_PER_BATCH + k) % len(order)] for k in range(TUNE_PAIRS_PER_BATCH)]
        ids, attention = pad(v, [train_examples[i][0] for i in picks])
        labels = torch.tensor([train_examples[i][1] for i in picks])
        for g in opt.param_groups:
            g["lr"] = TUNE_LEARNING_RATE * schedule(step, steps, max(1, steps // 10))
        loss = nn.functional.cross_entropy(classifier(encoder(ids, attention)[-1][:, 0]), labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        window_loss += float(loss)
        window_n += 1
        if (step + 1) % 25 == 0 or step + 1 == steps:
            curve.append({"step": step + 1, "loss": round(window_loss / window_n, 4),
                          "seconds": round(time.time() - start, 1)})
            print("  tune step %4d  loss %.3f" % (step + 1, window_loss / window_n), flush=True)
            window_loss, window_n = 0.0, 0
    encoder.eval()
    after = {p: round(pair_accuracy(encoder, classifier, v, e), 4) for p, e in evals.items()}
    log["fine_tuning"] = {"task": "is the pair a translation (en-de only; en-fr and en-ar zero-shot)",
                          "steps": steps, "pairs_per_step": TUNE_PAIRS_PER_BATCH,
                          "seconds": round(time.time() - start, 1),
                          "held_out_accuracy_before": before, "held_out_accuracy": after}


# -------------------------------------------------------------------------- export


def round_to_float16(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(p.half().float())


def store_weights_as_float16(onnx_path):
    """Float32 initializers of 1,024+ values become float16 initializers plus a Cast back to float32."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(onnx_path)
    graph = model.graph
    casts, kept = [], []
    for init in graph.initializer:
        array = numpy_helper.to_array(init)
        if init.data_type == TensorProto.FLOAT and array.size >= 1024:
            half = numpy_helper.from_array(array.astype(np.float16), init.name + ".float16")
            kept.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT,
                                          name=init.name + ".cast"))
        else:
            kept.append(init)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, onnx_path)


def export(encoder, v, out_dir, spm_path):
    os.makedirs(out_dir, exist_ok=True)
    with open(spm_path, "rb") as src, open(os.path.join(out_dir, "sentencepiece.bpe.model"), "wb") as dst:
        dst.write(src.read())
    round_to_float16(encoder)
    module = mlnc_encoder.WithoutTokenTypes(encoder)
    mlnc_export.export_encoder(
        module, out_dir, architecture="xlm-roberta", tokenizer_kind="sentencepiece",
        tokenizer_file="sentencepiece.bpe.model", lowercase=False, hidden_size=HIDDEN,
        max_positions=MAX_POSITIONS, num_layers=LAYERS, has_token_type_ids=False, pad_id=v.pad)
    onnx_path = os.path.join(out_dir, "model.onnx")
    store_weights_as_float16(onnx_path)
    diff, how = mlnc_export.check_onnx_against_torch(module, onnx_path, False, v.pad, 5)
    print("  %s: float16 weights, max |onnx - torch| = %s via %s" % (onnx_path, diff, how), flush=True)
    if diff is not None and diff > 1e-4:
        raise RuntimeError("float16-weight ONNX differs from torch by %g" % diff)
    return os.path.getsize(onnx_path)


# ---------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=1500, help="pretraining steps of ~%d tokens" % TOKENS_PER_BATCH)
    ap.add_argument("--tune-steps", type=int, default=300, help="fine-tuning steps of %d pairs" % TUNE_PAIRS_PER_BATCH)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out-dir", default=HERE, help="where demo-base/ and demo-tuned/ go (default models/)")
    ap.add_argument("--work", default="/tmp/demo-train", help="checkpoints (not committed)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    gen = torch.Generator().manual_seed(SEED)
    os.makedirs(args.work, exist_ok=True)
    log = {"command": "/usr/bin/python3 models/train_demo.py --steps %d --tune-steps %d --threads %d"
                      % (args.steps, args.tune_steps, args.threads),
           "seed": SEED, "torch": torch.__version__, "threads": args.threads,
           "model": {"architecture": "xlm-roberta", "layers": LAYERS, "hidden_size": HIDDEN, "heads": HEADS,
                     "intermediate_size": INTERMEDIATE, "max_positions": MAX_POSITIONS,
                     "sentencepiece_pieces": VOCAB_SIZE},
           "optimisation": {"tokens_per_step": TOKENS_PER_BATCH, "mask_rate": MASK_RATE,
                            "learning_rate": LEARNING_RATE, "warmup_steps": WARMUP,
                            "fine_tuning_learning_rate": TUNE_LEARNING_RATE}}
    started = time.time()

    train, held_out = load_corpora(rng)
    log["data"] = {"train_pairs": {p: len(r) for p, r in train.items()},
                   "held_out_pairs": {p: len(r) for p, r in held_out.items()},
                   "left_out": "the embedded sample's pairs (examples/data) are not trained on"}
    spm_path = os.path.join(args.work, "sentencepiece.bpe.model")
    train_sentencepiece(spm_path, monolingual(train), rng)
    v = Vocabulary(spm_path)
    print("vocabulary: %d ids; data %s" % (v.size, log["data"]["train_pairs"]), flush=True)

    cfg = mlnc_encoder.EncoderConfig("xlm-roberta", v.size, HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POSITIONS,
                                     v.pad)
    encoder = mlnc_encoder.Encoder(cfg)
    head = MaskedLmHead(encoder)
    init_weights(encoder)
    init_weights(head)
    log["model"]["parameters"] = sum(p.numel() for p in encoder.parameters())
    pretrain(encoder, head, v, train, args.steps, log, rng, gen)
    torch.save({"encoder": encoder.state_dict(), "head": head.state_dict()}, os.path.join(args.work, "base.pt"))

    held_mono = {"en": [a for a, _ in held_out["en-de"]], "de": [b for _, b in held_out["en-de"]],
                 "fr": [b for _, b in held_out["en-fr"]], "ar": [b for _, b in held_out["en-ar"]]}
    log["held_out_masked_accuracy"] = {}
    for lang, sents in held_mono.items():
        acc, n = masked_accuracy(encoder, head, v, sents, SEED)
        log["held_out_masked_accuracy"][lang] = {"accuracy": round(acc, 4), "masked_tokens": n}
    print("held-out masked-token accuracy: %s" % log["held_out_masked_accuracy"], flush=True)

    sizes = {"demo-base": export(encoder, v, os.path.join(args.out_dir, "demo-base"), spm_path)}
    # Fine-tune from the exported (float16-rounded) weights, the same ones demo-base ships.
    fine_tune(encoder, v, train, held_out, args.tune_steps, log, rng)
    print("fine-tuning held-out accuracy: before %s, after %s" % (
        log["fine_tuning"]["held_out_accuracy_before"], log["fine_tuning"]["held_out_accuracy"]), flush=True)
    sizes["demo-tuned"] = export(encoder, v, os.path.join(args.out_dir, "demo-tuned"), spm_path)
    log["onnx_bytes"] = sizes
    log["total_seconds"] = round(time.time() - started, 1)
    mlnc_export.write_json(os.path.join(args.out_dir, "demo-training-log.json"), log)
    print("done in %.0f s; ONNX sizes %s" % (log["total_seconds"], sizes), flush=True)


if __name__ == "__main__":
    main()
