#!/usr/bin/env python3
"""PyTorch eager baseline for word-activation extraction (compare with the C# extractor).

Reads one sentence per line (whitespace words), tokenizes word by word with the shared
mlnc_tokenize code (truncation at max_positions as in expected.json), rebuilds the
torch module of a generated model folder from its torch_config.json (seed + config;
the weights checksum is verified), runs it in batches sorted by length under
torch.inference_mode, and copies the `last`-piece vector of every kept word at every
layer (0..N) into numpy. Prints words/second and peak RSS.

Works on the folders written by build_benchmark_model.py and build_tiny_models.py
(not on export_hf.py folders, which have no torch_config.json).

Usage: /usr/bin/python3 models/bench_pytorch.py --sentences FILE [--model-dir models/bench-bert-base]
           [--batch-size 32] [--threads 2] [--limit N] [--device cpu]
"""

import argparse
import gzip
import json
import os
import resource
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import mlnc_encoder  # noqa: E402
import mlnc_tokenize as tk  # noqa: E402


def load_model(model_dir):
    tokenizer, meta = tk.tokenizer_from_model_json(model_dir)
    path = os.path.join(model_dir, "torch_config.json")
    if not os.path.exists(path):
        raise SystemExit("%s: no torch_config.json (only generated model folders can be rebuilt in torch)" % model_dir)
    with open(path, encoding="utf-8") as f:
        tc = json.load(f)
    cfg = mlnc_encoder.EncoderConfig.from_dict(tc["config"])
    encoder = mlnc_encoder.build(cfg, tc["seed"], tc["std"])
    got = encoder.checksum()
    if abs(got - tc["weights_checksum"]) > 1e-6 * max(1.0, abs(got)):
        raise SystemExit("%s: rebuilt weights differ from the exported ones (checksum %r != %r)"
                         % (model_dir, got, tc["weights_checksum"]))
    return encoder, tokenizer, meta


def read_sentences(path, limit):
    opener = gzip.open if path.endswith(".gz") else open
    out = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            out.append(line.rstrip("\r\n"))
            if limit and len(out) >= limit:
                break
    return out


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", required=True, help="one sentence per line (UTF-8, .gz ok)")
    ap.add_argument("--model-dir", default=os.path.join(HERE, "bench-bert-base"))
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    ap.add_argument("--limit", type=int, default=0, help="read at most N sentences (0 = all)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--save", help="optional .npz with the vectors of every layer (memory grows with input)")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    t0 = time.perf_counter()
    encoder, tokenizer, meta = load_model(a.model_dir)
    device = torch.device(a.device)
    encoder.to(device)
    has_types = meta["architecture"] == "bert"
    n_states = meta["num_layers"] + 1
    t_load = time.perf_counter() - t0

    sentences = read_sentences(a.sentences, a.limit)
    t1 = time.perf_counter()
    encoded = [tk.encode_line(tokenizer, s, meta["max_positions"]) for s in sentences]
    t_tok = time.perf_counter() - t1

    order = sorted(range(len(encoded)), key=lambda i: (-len(encoded[i]["input_ids"]), i))
    n_words = sum(len(e["words"]) for e in encoded)
    n_kept = sum(len(e["kept_word_indices"]) for e in encoded)
    n_dropped = sum(len(e["dropped_by_tokenizer"]) for e in encoded)
    n_trunc = sum(len(e["truncated"]) for e in encoded)
    n_tokens = sum(len(e["input_ids"]) for e in encoded)

    checksum = 0.0
    saved = [[] for _ in range(n_states)] if a.save else None
    t2 = time.perf_counter()
    t_model = 0.0
    with torch.inference_mode():
        for b in range(0, len(order), a.batch_size):
            batch = [encoded[i] for i in order[b:b + a.batch_size]]
            seq = max(len(e["input_ids"]) for e in batch)
            ids = torch.full((len(batch), seq), tokenizer.pad_id, dtype=torch.int64)
            mask = torch.zeros((len(batch), seq), dtype=torch.int64)
            rows, cols = [], []
            for r, e in enumerate(batch):
                ids[r, : len(e["input_ids"])] = torch.tensor(e["input_ids"])
                mask[r, : len(e["input_ids"])] = 1
                for s, end in e["spans"]:
                    rows.append(r)
                    cols.append(end - 1)  # `last` piece
            args = [ids.to(device), mask.to(device)]
            if has_types:
                args.append(torch.zeros_like(args[0]))
            tm = time.perf_counter()
            states = encoder(*args)
            if device.type == "cuda":
                torch.cuda.synchronize()
            t_model += time.perf_counter() - tm
            ri = torch.tensor(rows, dtype=torch.int64, device=device)
            ci = torch.tensor(cols, dtype=torch.int64, device=device)
            for layer, h in enumerate(states):
                vec = h[ri, ci].float().cpu().numpy()  # [words in batch, hidden]
                checksum += float(vec.sum(dtype=np.float64))
                if saved is not None:
                    saved[layer].append(vec)
    t_run = time.perf_counter() - t2
    total = t_tok + t_run

    if saved is not None:
        np.savez(a.save, **{"layer_%d" % l: np.concatenate(v) if v else np.zeros((0, meta["hidden_size"]), np.float32)
                            for l, v in enumerate(saved)})

    print("model        %s (%s, %d layers, hidden %d)" % (a.model_dir, meta["architecture"], meta["num_layers"],
                                                      meta["hidden_size"]))
    print("torch        %s, threads %d, device %s, batch size %d" % (torch.__version__, torch.get_num_threads(),
                                                                    a.device, a.batch_size))
    print("sentences    %d, words %d (kept %d, dropped by tokenizer %d, truncated %d), tokens %d"
          % (len(sentences), n_words, n_kept, n_dropped, n_trunc, n_tokens))
    print("times        load %.2fs, tokenize %.2fs, forward %.2fs, forward+copy %.2fs" % (t_load, t_tok, t_model, t_run))
    print("throughput   %.1f words/s (kept words / (tokenize + forward + copy)), %.1f tokens/s forward"
          % (n_kept / total if total else 0.0, n_tokens / t_model if t_model else 0.0))
    print("peak RSS     %.1f MB" % peak_rss_mb())
    print("checksum     %.6g (sum of all `last` vectors, all layers)" % checksum)


if __name__ == "__main__":
    main()
