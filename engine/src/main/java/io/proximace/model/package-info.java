/**
 * What the train stage learns ({@link io.proximace.model.Model}: k-means centroids, the int8 quantizer's range, the
 * MIPS norm, shard centroids), kept on the volume beside the index, and the {@link io.proximace.model.Transform} docs
 * and queries go through with it before an index sees them, and back to the user's scores after.
 */
package io.proximace.model;
