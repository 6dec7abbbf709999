#!/usr/bin/python3
"""Fashion-MNIST (Debian's dataset-fashion-mnist) as .fvecs: the 60,000 training images as docs and the
10,000 test images as queries, 784 pixel values 0..255 as floats, as ann-benchmarks uses it.

usage: fashion_mnist.py OUT_DIR   (writes fmnist_base.fvecs and fmnist_query.fvecs)
"""
import gzip
import os
import sys

import numpy as np

SRC = "/usr/share/datasets/fashion-mnist"


def images(name):
    with gzip.open(os.path.join(SRC, name)) as f:
        data = f.read()
    n, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols).astype(np.float32)


def write_fvecs(path, x):
    n, d = x.shape
    out = np.empty((n, d + 1), dtype=np.float32)
    out[:, 0] = np.array([d], dtype=np.int32).view(np.float32)[0]
    out[:, 1:] = x
    out.tofile(path)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write_fvecs(os.path.join(out, "fmnist_base.fvecs"), images("train-images-idx3-ubyte.gz"))
    write_fvecs(os.path.join(out, "fmnist_query.fvecs"), images("t10k-images-idx3-ubyte.gz"))


if __name__ == "__main__":
    main()
