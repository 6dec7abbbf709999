#!/usr/bin/python3
"""Exact (IndexFlat) or IVF / HNSW kNN with Faiss on .fvecs files; prints one JSON line like
proxima-bench knn. Uses Debian's python3-faiss (apt-get install python3-faiss).

Set OPENBLAS_CORETYPE to the CPU's kernel (compare_exact.sh does): on AVX-512 machines Debian's
OpenBLAS otherwise picks an old SSE3 kernel and IndexFlat runs about 3x slower than it can.
"""
import argparse
import json
import os
import time

import numpy as np


def read_fvecs(path, limit=None):
    a = np.fromfile(path, dtype=np.int32)
    dim = int(a[0])
    rows = a.reshape(-1, dim + 1)
    if limit is not None:
        rows = rows[:limit]
    return np.ascontiguousarray(rows[:, 1:].view(np.float32))


def read_ivecs(path):
    a = np.fromfile(path, dtype=np.int32)
    dim = int(a[0])
    return a.reshape(-1, dim + 1)[:, 1:]


def resident_bytes():
    """The process's resident set size: its growth over a build is the index's memory."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def write_ivecs(path, ids):
    n, k = ids.shape
    out = np.empty((n, k + 1), dtype=np.int32)
    out[:, 0] = k
    out[:, 1:] = ids
    out.tofile(path)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--base", required=True)
    p.add_argument("--query", required=True)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--metric", choices=["l2", "ip"], default="l2")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--index", default="Flat", help="a faiss.index_factory string: Flat, IVF1024,Flat, HNSW32")
    p.add_argument("--nprobe", type=int, default=None)
    p.add_argument("--ef", type=int, default=None, help="HNSW efSearch")
    p.add_argument("--sweep", help="search once per value of nprobe (IVF) or efSearch (HNSW): 1,2,4,8")
    p.add_argument("--repeat", type=int, default=1, help="searches per setting, one line each")
    p.add_argument("--search-threads", type=int, default=None, help="threads for search (default: --threads)")
    p.add_argument("--gt", help="ground truth .ivecs for recall")
    p.add_argument("--gt-out", help="write the ids found to this .ivecs file")
    a = p.parse_args()
    import faiss  # here, so that hnswlib_knn.py can use the readers above without Faiss installed

    faiss.omp_set_num_threads(a.threads)
    t0 = time.perf_counter()
    xb = read_fvecs(a.base)
    xq = read_fvecs(a.query)
    load_s = time.perf_counter() - t0

    metric = faiss.METRIC_L2 if a.metric == "l2" else faiss.METRIC_INNER_PRODUCT
    rss0 = resident_bytes()
    t0 = time.perf_counter()
    index = faiss.index_factory(xb.shape[1], a.index, metric)
    if not index.is_trained:
        index.train(xb)
    index.add(xb)
    build_s = time.perf_counter() - t0
    mem_per_vector = (resident_bytes() - rss0) / len(xb)
    faiss.omp_set_num_threads(a.search_threads or a.threads)
    values = [int(v) for v in a.sweep.split(",")] if a.sweep else [None]
    gt = read_ivecs(a.gt)[:, : a.k] if a.gt else None
    for v, run in [(v, r) for v in values for r in range(1, a.repeat + 1)]:
        nprobe, ef = a.nprobe, a.ef
        if v is not None and "IVF" in a.index:
            nprobe = v
        elif v is not None:
            ef = v
        if nprobe is not None:
            faiss.extract_index_ivf(index).nprobe = nprobe
        if ef is not None:
            index.hnsw.efSearch = ef
        t0 = time.perf_counter()
        _, ids = index.search(xq, a.k)
        search_s = time.perf_counter() - t0
        recall = None
        if gt is not None:
            hits = sum(len(set(ids[i]) & set(gt[i])) for i in range(len(xq)))
            recall = hits / (len(xq) * a.k)
        if a.gt_out:
            write_ivecs(a.gt_out, ids)
        print(json.dumps({
            "algo": "faiss-" + a.index, "metric": a.metric, "n": len(xb), "nq": len(xq), "dim": xb.shape[1],
            "k": a.k, "threads": a.threads, "search_threads": a.search_threads or a.threads,
            "load_s": round(load_s, 4), "build_s": round(build_s, 4),
            "search_s": round(search_s, 4), "qps": round(len(xq) / search_s),
            "gflops": round(2.0 * len(xb) * len(xq) * xb.shape[1] / search_s / 1e9, 2) if a.index == "Flat" else None,
            "recall": recall, "nprobe": nprobe, "ef": ef, "mem_bytes_per_vector": round(mem_per_vector),
            "run": run}), flush=True)


if __name__ == "__main__":
    main()
