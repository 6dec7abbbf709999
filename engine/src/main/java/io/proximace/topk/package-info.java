/**
 * Keeping the best k: {@link io.proximace.topk.TopK} is the bounded heap the kernels feed, and
 * {@link io.proximace.topk.Neighbors} holds every query's final, ordered list. The order is always
 * (rank, pk), defined once in {@link io.proximace.topk.Ranking}: equal distances are broken by primary key,
 * so results never depend on scan order. Lists found apart (doc-split threads, categories, MapReduce
 * shards, recall's blocks) are joined by {@link io.proximace.topk.Ranking#merge}; a
 * {@link io.proximace.topk.RankedList} is one query's list with its own copy of the keys, for lists that
 * outlive the index they came from.
 */
package io.proximace.topk;
