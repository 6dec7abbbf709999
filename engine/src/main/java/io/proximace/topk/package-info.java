/**
 * Keeping the best k: {@link io.proximace.topk.TopK} is the bounded heap the kernels feed, and
 * {@link io.proximace.topk.Neighbors} holds every query's final, ordered list. The order is always
 * (rank, pk): equal distances are broken by primary key, so results never depend on scan order.
 */
package io.proximace.topk;
