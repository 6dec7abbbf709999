/**
 * The graph behind {@code -algo_model hnsw}: built and searched by us, in flat int arrays. {@link
 * io.proximace.index.hnsw.GraphBuilder} inserts the docs in id order, in batches whose sizes depend only
 * on the number of docs: each new node of a batch searches the graph as it was before the batch (in
 * parallel) and picks its neighbours by HNSW's heuristic, then the reverse edges are applied per target in
 * source order (in parallel over targets), so the graph, and the output rows, are the same on any thread
 * count. {@link io.proximace.index.hnsw.HnswGraph} holds the result, which is also the form saved in an
 * index folder. A search is a {@link io.proximace.index.hnsw.GraphWalker} per thread: a greedy descent
 * through the upper layers to an entry point, then a beam of width ef on layer 0, which keeps a frontier
 * (closest first) and the results so far (farthest first) in two {@link io.proximace.index.hnsw.NodeQueue}s.
 * A queue packs each (rank, node) into one long, so one comparison orders by rank and then by node; the
 * walker ranks docs through a {@link io.proximace.kernel.DocRanker} and never looks at a vector itself, or,
 * for a quantized walk, through the docs' {@link io.proximace.quant.Int8Codes}, ranking only its final beam
 * with the {@link io.proximace.kernel.DocRanker}. What the walk returns is only a candidate list: the index
 * rescoring it exactly decides the answer.
 */
package io.proximace.index.hnsw;
