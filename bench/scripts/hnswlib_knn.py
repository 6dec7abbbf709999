#!/usr/bin/python3
"""hnswlib on .fvecs files, printing one JSON line per swept ef like proxima-bench knn.
Uses Debian's python3-hnswlib (apt-get install python3-hnswlib)."""
import argparse
import json
import time

import hnswlib
import numpy as np

from faiss_knn import read_fvecs, read_ivecs, resident_bytes


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--base", required=True)
    p.add_argument("--query", required=True)
    p.add_argument("--gt", required=True, help="ground truth .ivecs")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--metric", choices=["l2", "ip"], default="l2")
    p.add_argument("--M", type=int, default=16)
    p.add_argument("--ef-construction", type=int, default=200)
    p.add_argument("--threads", type=int, default=2, help="build threads")
    p.add_argument("--search-threads", type=int, default=1)
    p.add_argument("--sweep", default="10,16,32,64,128,256,400", help="ef values")
    p.add_argument("--repeat", type=int, default=1, help="searches per ef, one line each")
    a = p.parse_args()

    xb = read_fvecs(a.base)
    xq = read_fvecs(a.query)
    gt = read_ivecs(a.gt)[:, : a.k]
    rss0 = resident_bytes()
    index = hnswlib.Index(space="l2" if a.metric == "l2" else "ip", dim=xb.shape[1])
    t0 = time.perf_counter()
    index.init_index(max_elements=len(xb), M=a.M, ef_construction=a.ef_construction, random_seed=1)
    index.set_num_threads(a.threads)
    index.add_items(xb, np.arange(len(xb)))
    build_s = time.perf_counter() - t0
    mem_per_vector = (resident_bytes() - rss0) / len(xb)
    index.set_num_threads(a.search_threads)
    for ef, run in [(int(v), r) for v in a.sweep.split(",") for r in range(1, a.repeat + 1)]:
        index.set_ef(max(ef, a.k))
        t0 = time.perf_counter()
        ids, _ = index.knn_query(xq, k=a.k)
        search_s = time.perf_counter() - t0
        hits = sum(len(set(ids[i]) & set(gt[i])) for i in range(len(xq)))
        print(json.dumps({"algo": "hnswlib-py", "metric": a.metric, "n": len(xb), "nq": len(xq), "k": a.k,
                          "M": a.M, "ef_construction": a.ef_construction, "threads": a.threads,
                          "search_threads": a.search_threads, "ef": ef, "build_s": round(build_s, 3),
                          "search_s": round(search_s, 4), "qps": round(len(xq) / search_s),
                          "recall": round(hits / (len(xq) * a.k), 4),
                          "mem_bytes_per_vector": round(mem_per_vector), "run": run}), flush=True)


if __name__ == "__main__":
    main()
