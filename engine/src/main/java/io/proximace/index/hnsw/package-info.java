/**
 * The graph behind {@code -algo_model hnsw}: built by jvector, searched by us. {@link
 * io.proximace.index.hnsw.GraphBuilder} has jvector build a navigable graph of bounded degree with
 * HNSW's upper layers (the only jvector code the engine runs), and {@link
 * io.proximace.index.hnsw.HnswGraph} copies it into flat int arrays, which is also the form saved in an
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
