// Native hnswlib (Debian's libhnswlib-dev headers) on .fvecs files, printing one JSON line per swept ef
// like proxima-bench knn. compare_ann.sh compiles it: g++ -O3 -march=native -std=c++17 -pthread.
// Usage: hnswlib_native BASE.fvecs QUERY.fvecs GT.ivecs K BUILD_THREADS EF,EF,... [M] [EF_CONSTRUCTION] [REPEAT]
// Search runs on one thread, REPEAT times per ef (default 3), one line per run ("run": 1, 2, ...). mem_bytes_per_vector is the resident-set growth over the build (the
// index copies the vectors, so this is vectors + graph + allocator overhead) divided by n.
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <unordered_set>
#include <vector>

namespace {

// Rows of a .fvecs / .ivecs file: each row is an int32 dimension followed by that many 4-byte values.
template <typename T>
std::vector<T> readVecs(const std::string& path, size_t& dim, size_t& rows) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot read " + path);
  size_t bytes = in.tellg();
  in.seekg(0);
  int32_t d = 0;
  in.read(reinterpret_cast<char*>(&d), 4);
  dim = d;
  rows = bytes / (4 * (dim + 1));
  std::vector<T> out(rows * dim);
  in.seekg(0);
  for (size_t r = 0; r < rows; r++) {
    in.read(reinterpret_cast<char*>(&d), 4);
    in.read(reinterpret_cast<char*>(&out[r * dim]), 4 * dim);
  }
  return out;
}

long residentBytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s BASE.fvecs QUERY.fvecs GT.ivecs K BUILD_THREADS EF,EF,... [M] [EF_CONSTRUCTION] [REPEAT]\n",
                 argv[0]);
    return 2;
  }
  size_t k = std::stoul(argv[4]), threads = std::stoul(argv[5]);
  size_t M = argc > 7 ? std::stoul(argv[7]) : 16, efc = argc > 8 ? std::stoul(argv[8]) : 200;
  size_t repeat = argc > 9 ? std::stoul(argv[9]) : 3;
  std::vector<size_t> efs;
  std::stringstream sweep(argv[6]);
  for (std::string v; std::getline(sweep, v, ',');) efs.push_back(std::stoul(v));

  size_t dim, n, qdim, nq, gdim, ng;
  std::vector<float> base = readVecs<float>(argv[1], dim, n);
  std::vector<float> query = readVecs<float>(argv[2], qdim, nq);
  std::vector<int32_t> gt = readVecs<int32_t>(argv[3], gdim, ng);
  if (qdim != dim || ng != nq || gdim < k) throw std::runtime_error("base, query and ground truth do not match");

  long rss0 = residentBytes();
  auto t0 = std::chrono::steady_clock::now();
  hnswlib::L2Space space(dim);
  hnswlib::HierarchicalNSW<float> index(&space, n, M, efc, 1);
  // hnswlib's own ParallelFor pattern: the first point alone, then threads take the next id from a counter
  index.addPoint(&base[0], 0);
  std::atomic<size_t> next(1);
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; t++) {
    pool.emplace_back([&] {
      for (size_t i; (i = next++) < n;) index.addPoint(&base[i * dim], i);
    });
  }
  for (auto& t : pool) t.join();
  double buildSeconds = since(t0);
  double bytesPerVector = double(residentBytes() - rss0) / n;

  for (size_t ef : efs) {
    for (size_t run = 1; run <= repeat; run++) {
      index.setEf(std::max(ef, k));
      std::vector<std::vector<size_t>> found(nq);
      auto t1 = std::chrono::steady_clock::now();
      for (size_t q = 0; q < nq; q++) {
        auto heap = index.searchKnn(&query[q * dim], k);
        while (!heap.empty()) {
          found[q].push_back(heap.top().second);
          heap.pop();
        }
      }
      double searchSeconds = since(t1);
      size_t hits = 0;
      for (size_t q = 0; q < nq; q++) {
        std::unordered_set<size_t> truth(gt.begin() + q * gdim, gt.begin() + q * gdim + k);
        for (size_t id : found[q]) hits += truth.count(id);
      }
      std::printf("{\"algo\":\"hnswlib-native\",\"metric\":\"L2\",\"n\":%zu,\"nq\":%zu,\"dim\":%zu,\"k\":%zu,"
                  "\"M\":%zu,\"ef_construction\":%zu,\"threads\":%zu,\"search_threads\":1,\"ef\":%zu,"
                  "\"build_s\":%.3f,\"search_s\":%.4f,\"qps\":%.0f,\"recall\":%.4f,\"mem_bytes_per_vector\":%.0f,\"run\":%zu}\n",
                  n, nq, dim, k, M, efc, threads, ef, buildSeconds, searchSeconds, nq / searchSeconds,
                  double(hits) / (nq * k), bytesPerVector, run);
      std::fflush(stdout);
    }
  }
  return 0;
}
