"""Writes vectors to a .npy file (float32, rows x dim) for the clustering benchmark. Deterministic for a seed.

Default ("words"): word-like vectors: `centres` Gaussian centres of uneven popularity (Zipf-like weights, as word
types are), each with its own spread, plus a shared low-rank component so clusters are not axis-aligned spheres.
"blobs": a well-separated Gaussian mixture (centres uniform in [-10, 10]^dim, standard deviation 1), the case where a
poor seeding visibly merges and splits clusters.
Usage: /usr/bin/python3 make_vectors.py OUT.npy [rows=50000] [dim=768] [centres=800] [seed=7] [words|blobs]
"""
import sys
import numpy as np

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
dim = int(sys.argv[3]) if len(sys.argv) > 3 else 768
centres = int(sys.argv[4]) if len(sys.argv) > 4 else 800
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 7
kind = sys.argv[6] if len(sys.argv) > 6 else "words"

rng = np.random.default_rng(seed)
if kind == "blobs":
    means = rng.uniform(-10.0, 10.0, size=(centres, dim)).astype(np.float32)
    labels = np.arange(rows) % centres
    vectors = means[labels] + rng.normal(0.0, 1.0, size=(rows, dim)).astype(np.float32)
else:
    means = rng.normal(0.0, 1.0, size=(centres, dim)).astype(np.float32)
    weights = 1.0 / np.arange(1, centres + 1) ** 0.7
    weights /= weights.sum()
    labels = rng.choice(centres, size=rows, p=weights)
    spread = rng.uniform(0.4, 1.0, size=centres).astype(np.float32)
    basis = rng.normal(0.0, 1.0, size=(16, dim)).astype(np.float32) / np.sqrt(dim)
    vectors = means[labels] + spread[labels, None] * rng.normal(0.0, 1.0, size=(rows, dim)).astype(np.float32)
    vectors += (rng.normal(0.0, 3.0, size=(rows, 16)).astype(np.float32) @ basis)
np.save(out, vectors.astype(np.float32))
print(f"wrote {out}: {rows} x {dim} {kind} from {centres} centres")
