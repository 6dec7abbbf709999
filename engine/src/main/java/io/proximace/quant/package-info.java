/**
 * Compact codes of float docs for searches that only need an approximate rank before an exact one, such as
 * a graph walk whose final beam is re-ranked with the floats. A {@link io.proximace.quant.ScalarQuantizer}
 * is trained on the docs themselves (per dimension the data's range, 256 steps across it, with far outliers
 * clipped so that one doc cannot coarsen every other doc's steps; a query is never quantized), and
 * {@link io.proximace.quant.Int8Codes} holds every doc's one-byte-per-component code, row-major, with the
 * per-doc terms its distance needs. A search prepares each float query once into a {@link
 * io.proximace.quant.CodeQuery} (the weights that fold the quantizer's step and offset into the query), after
 * which a rank is one multiply-add per component of a float weight and a byte code, through a {@link
 * io.proximace.quant.CodeKernel}: the Vector API one, or the scalar one that is its oracle. A rank is for
 * ordering one query's docs only: constants that are the same for every doc are left out.
 */
package io.proximace.quant;
