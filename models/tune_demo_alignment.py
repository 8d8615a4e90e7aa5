#!/usr/bin/env python3
"""Fine-tune models/demo-base into models/demo-tuned by contrastive word alignment, English-German only.

Why this task: the paper's finding is that fine-tuning on a cross-lingual task pulls translations into shared
concepts. The earlier demo-tuned (train_demo.py: "is B a translation of A?" on the <s> state) learned its task
(81% held out) yet left word-level concepts apart: a sentence-level head does not have to move word vectors.
Here the loss acts on the word vectors themselves, the ones the method clusters: in each English-German
sentence pair, linked words (English word i, German word j) should be nearer each other than the other
German words of the batch, and the other way round (InfoNCE, both directions, cosine / temperature).
French and Arabic are never seen in fine-tuning, so their pairs with English are zero-shot.

InfoNCE compares directions (cosine), but the method clusters raw vectors with Euclidean K-means, where two
vectors pointing the same way at different lengths are far apart. So a second term closes the Euclidean gap of
each link: the squared distance between the linked vectors over the batch's mean squared norm (scale-free, so it
cannot be met by shrinking every vector; InfoNCE keeps different words apart). --distance-weight 0 gives the
first version's loss.

Word links come from sentence co-occurrence (mlnc_cooccurrence: mutual best Dice partners inside a pair),
not from the C# tool's aligner, whose dictionary CALIGN later uses. The loss is applied to the last-piece
vector of each word (the method's default aggregation), at every layer from 1 up, deeper layers weighted
more (layer l / number of layers): the paper sees alignment rise with depth after fine-tuning.

Starts from demo-base's shipped (float16-rounded) weights, read back from its model.onnx, so no pretraining
is repeated. Held-out measures before and after (written to models/demo-tuning-log.json): link retrieval
(a linked English word finds its German word among all linked German words of 256 held-out pairs, top-1),
and sentence retrieval by mean word vector among 200 held-out pairs, for en-de (tuned) and en-fr, en-ar
(zero-shot).

Usage (from the repository root; about 2.7 s a step on one quiet core):
  nice /usr/bin/python3 models/tune_demo_alignment.py [--steps 1000] [--threads 1] [--learning-rate 2e-4]
      [--distance-weight 1] [--out-dir models]
"""

import argparse
import os
import random
import sys
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import mlnc_cooccurrence  # noqa: E402
import mlnc_encoder  # noqa: E402
import mlnc_export  # noqa: E402
import train_demo  # noqa: E402  (data, vocabulary and float16 export of the demo models)

SEED = 213
PAIRS_PER_STEP = 32
TEMPERATURE = 0.05
MIN_DICE = 0.2
EVAL_PAIRS = 256


# ------------------------------------------------------------------------------ weights


def load_base(folder):
    """Rebuild demo-base's torch encoder from its model.onnx (float16 initializers cast back to float32).

    Linear weights were exported as MatMul constants (W transposed) named onnx::MatMul_<n>, in the order the
    trace met them: per layer query, key, value, attention output, intermediate, output."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(os.path.join(folder, "model.onnx"))
    arrays = {}
    for init in model.graph.initializer:
        name = init.name[: -len(".float16")] if init.name.endswith(".float16") else init.name
        arrays[name] = numpy_helper.to_array(init).astype(np.float32)
    v = train_demo.Vocabulary(os.path.join(folder, "sentencepiece.bpe.model"))
    cfg = mlnc_encoder.EncoderConfig("xlm-roberta", v.size, train_demo.HIDDEN, train_demo.LAYERS, train_demo.HEADS,
                                     train_demo.INTERMEDIATE, train_demo.MAX_POSITIONS, v.pad)
    encoder = mlnc_encoder.Encoder(cfg)
    matmuls = sorted((n for n in arrays if n.startswith("onnx::MatMul_")), key=lambda n: int(n.rsplit("_", 1)[1]))
    per_layer = ("attention.query", "attention.key", "attention.value", "attention.output", "intermediate", "output")
    state = {}
    for i, name in enumerate(matmuls):
        layer, which = divmod(i, len(per_layer))
        state["layers.%d.%s.weight" % (layer, per_layer[which])] = torch.from_numpy(arrays[name].T.copy())
    for name, array in arrays.items():
        if name.startswith("encoder."):
            state[name[len("encoder."):]] = torch.from_numpy(array)
    missing, unexpected = encoder.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise RuntimeError("demo-base weights do not fit: missing %s, unexpected %s" % (missing, unexpected))
    encoder.eval()
    module = mlnc_encoder.WithoutTokenTypes(encoder)
    diff, how = mlnc_export.check_onnx_against_torch(module, os.path.join(folder, "model.onnx"), False, v.pad, 5)
    print("demo-base read back: max |onnx - torch| = %s via %s" % (diff, how), flush=True)
    if diff is not None and diff > 1e-4:
        raise RuntimeError("rebuilt demo-base differs from its ONNX graph by %g" % diff)
    return encoder, v


# ------------------------------------------------------------------------------- inputs


def encode_words(v, sentence):
    """Ids as the C# extractor builds them (each word encoded alone, <s> ... </s>, truncated to whole words)
    and, per kept word, the position of its last piece (None for a word with no pieces)."""
    ids, last = [v.bos], []
    for word in sentence.split():
        pieces = v.encode(word)
        if len(ids) + len(pieces) + 1 > train_demo.MAX_POSITIONS:
            break
        ids.extend(pieces)
        last.append(len(ids) - 1 if pieces else None)
    ids.append(v.eos)
    return ids, last


def batch_states(encoder, v, sentences):
    encoded = [encode_words(v, s) for s in sentences]
    ids, attention = train_demo.pad(v, [e[0] for e in encoded])
    return encoder(ids, attention), [e[1] for e in encoded]


def gather_links(states, last_a, last_b, links, words_a, words_b):
    """-> per layer (A vectors [n, h], B vectors [n, h]), and the word strings of each link."""
    rows_a, rows_b, strings = [], [], []
    for k, pair_links in enumerate(links):
        for i, j in pair_links:
            if i < len(last_a[k]) and j < len(last_b[k]) and last_a[k][i] is not None and last_b[k][j] is not None:
                rows_a.append((k, last_a[k][i]))
                rows_b.append((k, last_b[k][j]))
                strings.append((words_a[k][i], words_b[k][j]))
    return rows_a, rows_b, strings


def info_nce(a, b, strings, same_word_positives=False):
    """Symmetric InfoNCE over cosine similarities. Other links with the same word on the matched side are not
    negatives (the batch often holds 'the'-'die' several times); with same_word_positives they are positives
    too (every occurrence of the linked word counts as a right answer), which pulls a word's occurrences in
    different sentences together as well as onto their translation."""
    a = nn.functional.normalize(a, dim=-1)
    b = nn.functional.normalize(b, dim=-1)
    logits = a @ b.t() / TEMPERATURE
    same_a = torch.tensor([[x[0] == y[0] for y in strings] for x in strings])
    same_b = torch.tensor([[x[1] == y[1] for y in strings] for x in strings])
    if same_word_positives:
        def multi_positive(scores, positives):
            return (torch.logsumexp(scores, -1) - torch.logsumexp(scores.masked_fill(~positives, float("-inf")), -1)).mean()
        return 0.5 * (multi_positive(logits, same_b) + multi_positive(logits.t(), same_a))
    eye = torch.eye(len(strings), dtype=torch.bool)
    target = torch.arange(len(strings))
    forward = logits.masked_fill(same_b & ~eye, float("-inf"))
    backward = logits.t().masked_fill(same_a & ~eye, float("-inf"))
    return 0.5 * (nn.functional.cross_entropy(forward, target) + nn.functional.cross_entropy(backward, target))


def link_distance(a, b):
    """Mean squared Euclidean distance of linked vectors over the mean squared norm of all of them."""
    scale = torch.cat([a, b]).pow(2).sum(-1).mean().detach()
    return (a - b).pow(2).sum(-1).mean() / scale


# ---------------------------------------------------------------------------- measures


@torch.no_grad()
def link_retrieval(encoder, v, pairs, stats):
    """Top-1 accuracy per layer: each linked A word's vector finds its linked B word's among all links."""
    pairs = pairs[:EVAL_PAIRS]
    links = [stats.links(a.split(), b.split(), MIN_DICE) for a, b in pairs]
    states_a, last_a = batch_states(encoder, v, [a for a, _ in pairs])
    states_b, last_b = batch_states(encoder, v, [b for _, b in pairs])
    rows_a, rows_b, strings = gather_links(None, last_a, last_b, links, [a.split() for a, _ in pairs],
                                           [b.split() for _, b in pairs])
    result = []
    for layer in range(len(states_a)):
        xa = nn.functional.normalize(torch.stack([states_a[layer][k, p] for k, p in rows_a]), dim=-1)
        xb = nn.functional.normalize(torch.stack([states_b[layer][k, p] for k, p in rows_b]), dim=-1)
        best = (xa @ xb.t()).argmax(-1)
        right = sum(1 for i, j in enumerate(best.tolist()) if strings[j][1] == strings[i][1])
        result.append(round(right / len(strings), 4))
    return result, len(strings)


@torch.no_grad()
def sentence_retrieval(encoder, v, pairs, count=200):
    """Top-1 accuracy per layer: the centred mean word vector of an A sentence finds its B translation."""
    pairs = pairs[:count]

    def means(sentences):
        states, last = batch_states(encoder, v, sentences)
        out = []
        for layer in states:
            rows = []
            for k, positions in enumerate(last):
                kept = [p for p in positions if p is not None]
                rows.append(layer[k, kept].mean(0))
            m = torch.stack(rows)
            out.append(nn.functional.normalize(m - m.mean(0), dim=-1))
        return out

    ma, mb = means([a for a, _ in pairs]), means([b for _, b in pairs])
    return [round(float(((x @ y.t()).argmax(-1) == torch.arange(len(pairs))).float().mean()), 4)
            for x, y in zip(ma, mb)]


def measure(encoder, v, held_out, stats):
    out = {}
    for pair in ("en-de", "en-fr", "en-ar"):
        links, n = link_retrieval(encoder, v, held_out[pair], stats[pair])
        out[pair] = {"link_retrieval_by_layer": links, "links": n,
                     "sentence_retrieval_by_layer": sentence_retrieval(encoder, v, held_out[pair])}
    return out


# ----------------------------------------------------------------------------- training


def tune(encoder, v, pairs, stats, steps, learning_rate, distance_weight, same_word_positives, log, rng):
    layers = train_demo.LAYERS
    weights = [l / layers for l in range(1, layers + 1)]
    opt = torch.optim.AdamW(encoder.parameters(), lr=learning_rate, weight_decay=0.01)
    order = list(range(len(pairs)))
    rng.shuffle(order)
    curve = log.setdefault("curve", [])
    start, window, count = time.time(), 0.0, 0
    for step in range(steps):
        encoder.train()
        chosen = [pairs[order[(step * PAIRS_PER_STEP + k) % len(order)]] for k in range(PAIRS_PER_STEP)]
        words_a = [a.split() for a, _ in chosen]
        words_b = [b.split() for _, b in chosen]
        links = [stats.links(wa, wb, MIN_DICE) for wa, wb in zip(words_a, words_b)]
        states_a, last_a = batch_states(encoder, v, [a for a, _ in chosen])
        states_b, last_b = batch_states(encoder, v, [b for _, b in chosen])
        rows_a, rows_b, strings = gather_links(None, last_a, last_b, links, words_a, words_b)
        if len(strings) < 2:
            continue
        ka = torch.tensor([k for k, _ in rows_a]), torch.tensor([p for _, p in rows_a])
        kb = torch.tensor([k for k, _ in rows_b]), torch.tensor([p for _, p in rows_b])
        for g in opt.param_groups:
            g["lr"] = learning_rate * train_demo.schedule(step, steps, max(1, steps // 10))
        loss = sum(w * (info_nce(states_a[l][ka], states_b[l][kb], strings, same_word_positives)
                        + distance_weight * link_distance(states_a[l][ka], states_b[l][kb]))
                   for l, w in zip(range(1, layers + 1), weights)) / sum(weights)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(encoder.parameters(), 1.0)
        opt.step()
        window += float(loss)
        count += 1
        if (step + 1) % 25 == 0 or step + 1 == steps:
            curve.append({"step": step + 1, "loss": round(window / count, 4), "seconds": round(time.time() - start, 1)})
            print("  step %5d  loss %.3f  %.0f s" % (step + 1, window / count, time.time() - start), flush=True)
            window, count = 0.0, 0
    encoder.eval()
    log["seconds"] = round(time.time() - start, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=1000, help="steps of %d English-German pairs" % PAIRS_PER_STEP)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--learning-rate", type=float, default=2e-4, help="peak, after 10%% warm-up (default 2e-4)")
    ap.add_argument("--distance-weight", type=float, default=1.0,
                    help="weight of the Euclidean link term beside InfoNCE (default 1; 0 = InfoNCE only)")
    ap.add_argument("--same-word-positives", action="store_true",
                    help="count every occurrence of the linked word in the batch as a positive, not only the link's own")
    ap.add_argument("--base", default=os.path.join(HERE, "demo-base"))
    ap.add_argument("--out-dir", default=HERE, help="where demo-tuned/ and demo-tuning-log.json go (default models/)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    started = time.time()
    # The same split as train_demo.py (its seed and order), so held-out pairs stay held out.
    train, held_out = train_demo.load_corpora(random.Random(train_demo.SEED))
    stats = {pair: mlnc_cooccurrence.Cooccurrence([(a.split(), b.split()) for a, b in train[pair]])
             for pair in ("en-de", "en-fr", "en-ar")}
    encoder, v = load_base(args.base)
    log = {"command": "nice /usr/bin/python3 models/tune_demo_alignment.py --steps %d --threads %d "
                      "--learning-rate %g --distance-weight %g%s"
                      % (args.steps, args.threads, args.learning_rate, args.distance_weight,
                         " --same-word-positives" if args.same_word_positives else ""),
           "seed": SEED, "torch": torch.__version__,
           "task": "contrastive word alignment (InfoNCE, both directions, plus a Euclidean link term) on "
                   "English-German links; French and Arabic zero-shot",
           "links": "mutual best Dice partners inside a sentence pair, Dice >= %g, counts over the training pairs"
                    % MIN_DICE,
           "settings": {"pairs_per_step": PAIRS_PER_STEP, "learning_rate": args.learning_rate,
                        "distance_weight": args.distance_weight, "same_word_positives": args.same_word_positives,
                        "temperature": TEMPERATURE, "layers": "1-%d, weight layer/%d" % (
                            train_demo.LAYERS, train_demo.LAYERS)},
           "train_pairs": len(train["en-de"]),
           "held_out_pairs": {p: min(EVAL_PAIRS, len(r)) for p, r in held_out.items()}}
    log["before"] = measure(encoder, v, held_out, stats)
    print("before: %s" % log["before"], flush=True)
    tune(encoder, v, train["en-de"], stats["en-de"], args.steps, args.learning_rate, args.distance_weight,
         args.same_word_positives, log,
         random.Random(SEED))
    log["after"] = measure(encoder, v, held_out, stats)
    print("after: %s" % log["after"], flush=True)
    size = train_demo.export(encoder, v, os.path.join(args.out_dir, "demo-tuned"),
                             os.path.join(args.base, "sentencepiece.bpe.model"))
    log["onnx_bytes"] = size
    log["total_seconds"] = round(time.time() - started, 1)
    mlnc_export.write_json(os.path.join(args.out_dir, "demo-tuning-log.json"), log)
    print("done in %.0f s" % log["total_seconds"], flush=True)


if __name__ == "__main__":
    main()
