"""Builds the scikit-learn known answer for KMeansQualityTests: a well-separated 50-blob Gaussian mixture in 64-d (the
case where ML.NET's k-means|| seeding merges and splits blobs) and what scikit-learn's KMeans (k-means++, Lloyd,
tol 1e-4) reaches on it.

Writes sklearn-kmeans.bin (float32 little-endian, rows x dim, C order) and sklearn-kmeans.json (shape, K, and the
within-cluster sum of squares of scikit-learn's fits: n_init=1 for random_state 0..19, and n_init=10). Deterministic.
Run from this folder: /usr/bin/python3 make_sklearn_kmeans.py
"""
import json
import numpy as np
import sklearn
from sklearn.cluster import KMeans

rows, dim, k = 2000, 64, 50
rng = np.random.default_rng(0)
means = rng.uniform(-10.0, 10.0, size=(k, dim))
labels = np.arange(rows) % k
vectors = means[labels] + rng.normal(0.0, 1.0, size=(rows, dim))
vectors = vectors.astype(np.float32)


def wcss(x, assigned):
    x = x.astype(np.float64)
    return float(sum(((x[assigned == c] - x[assigned == c].mean(axis=0)) ** 2).sum() for c in np.unique(assigned)))


single = [wcss(vectors, KMeans(n_clusters=k, n_init=1, random_state=s).fit(vectors).labels_) for s in range(20)]
ten = wcss(vectors, KMeans(n_clusters=k, n_init=10, random_state=0).fit(vectors).labels_)
vectors.tofile("sklearn-kmeans.bin")
with open("sklearn-kmeans.json", "w") as f:
    json.dump({"tool": f"scikit-learn {sklearn.__version__}", "rows": rows, "dim": dim, "k": k,
               "wcss_n_init_1_random_state_0_to_19": single, "wcss_n_init_10": ten,
               "wcss_of_the_blobs": wcss(vectors, labels)}, f, indent=1)
print(f"n_init=1: mean {np.mean(single):.2f} min {min(single):.2f} max {max(single):.2f}; n_init=10: {ten:.2f}")
