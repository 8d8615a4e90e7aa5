"""scikit-learn's KMeans on a .npy of vectors, as the paper's reference tooling runs it (k-means++).

Prints one JSON line: seconds of the fit, iterations, and the within-cluster sum of squares computed from the labels
(distances to each cluster's mean), the same measure MLNetConcepts reports.
Usage: /usr/bin/python3 sklearn_kmeans.py VECTORS.npy [k=600] [seed=212] [threads=all] [n_init=1]
"""
import json
import os
import sys
import time
import numpy as np
import sklearn
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

vectors = np.load(sys.argv[1])
k = int(sys.argv[2]) if len(sys.argv) > 2 else 600
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 212
threads = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] != "default" else os.cpu_count()
n_init = int(sys.argv[5]) if len(sys.argv) > 5 else 1

with threadpool_limits(limits=threads):
    start = time.perf_counter()
    model = KMeans(n_clusters=k, init="k-means++", n_init=n_init, random_state=seed).fit(vectors)
    seconds = time.perf_counter() - start

labels = model.labels_
wcss = 0.0
for c in np.unique(labels):
    members = vectors[labels == c].astype(np.float64)
    wcss += float(((members - members.mean(axis=0)) ** 2).sum())
print(json.dumps({"tool": f"scikit-learn {sklearn.__version__} KMeans", "rows": int(vectors.shape[0]), "dim": int(vectors.shape[1]),
                  "k": k, "n_init": n_init, "threads": threads, "seconds": round(seconds, 2), "iterations": int(model.n_iter_),
                  "wcss": wcss, "nonempty_clusters": int(len(np.unique(labels)))}))
