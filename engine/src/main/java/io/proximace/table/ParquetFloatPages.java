package io.proximace.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The fast path of an ARRAY&lt;FLOAT&gt; column, the layout proxima-ce writes: a list of FLOAT whose pages hold
 * PLAIN values and RLE levels. A page's levels are decoded in one go and its floats read straight from the
 * page's bytes, instead of four calls a value through parquet's column reader. Other layouts (a dictionary,
 * DOUBLE elements) go through the column reader.
 */
final class ParquetFloatPages {
  private static final Set<Encoding> PLAIN = Set.of(Encoding.PLAIN, Encoding.RLE);

  private final PageReader pages;
  private final int maxDef;
  /** Whether an element may be null (an optional element: Spark's and pandas' lists); null here is refused. */
  private final boolean nullable;
  private final String name;
  private final int repWidth;
  private final int defWidth;
  private int[] rep = new int[0];
  private int[] def = new int[0];
  private ByteBuffer values;
  private int count;
  private int pos;

  private ParquetFloatPages(PageReader pages, ColumnDescriptor column) {
    this.pages = pages;
    this.maxDef = column.getMaxDefinitionLevel();
    this.nullable = column.getPrimitiveType().isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL);
    this.name = column.getPath()[0];
    this.repWidth = BytesUtils.getWidthFromMaxInt(column.getMaxRepetitionLevel());
    this.defWidth = BytesUtils.getWidthFromMaxInt(maxDef);
  }

  /** Whether {@code chunk} of list column {@code column} is one this reads: FLOAT elements, PLAIN values, RLE levels. */
  static boolean fits(ColumnDescriptor column, ColumnChunkMetaData chunk) {
    return column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.FLOAT && column.getMaxRepetitionLevel() == 1
        && PLAIN.containsAll(chunk.getEncodings());
  }

  /** Reads the pages of one row group's chunk. */
  static ParquetFloatPages of(PageReader pages, ColumnDescriptor column) {
    return new ParquetFloatPages(pages, column);
  }

  /**
   * Appends the next row's components to column {@code c} of {@code row}: the entries up to the next one that
   * starts a row (repetition level 0). An empty or null list has a lower definition level (no component); a null
   * element is refused, as dropping it would shift the components after it.
   */
  void readRow(ParquetRowReader.Current row, int c) throws IOException {
    boolean first = true;
    while (true) {
      if (pos == count && !nextPage()) {
        return;
      }
      if (!first && rep[pos] == 0) {
        return;
      }
      first = false;
      if (def[pos] == maxDef) {
        row.addFloat(c, values.getFloat());
      } else if (nullable && def[pos] == maxDef - 1) {
        throw new ParquetRowReader.BadValue("a null element in list column " + name);
      }
      pos++;
    }
  }

  private boolean nextPage() throws IOException {
    DataPage page = pages.readPage();
    if (page == null) {
      return false;
    }
    count = page.getValueCount();
    pos = 0;
    if (rep.length < count) {
      rep = new int[count];
      def = new int[count];
    }
    if (page instanceof DataPageV1 v1) {
      ByteBuffer b = v1.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      levels(lengthPrefixed(b), repWidth, rep);
      levels(lengthPrefixed(b), defWidth, def);
      values = b.slice().order(ByteOrder.LITTLE_ENDIAN);
    } else {
      DataPageV2 v2 = (DataPageV2) page;
      levels(v2.getRepetitionLevels().toByteBuffer(), repWidth, rep);
      levels(v2.getDefinitionLevels().toByteBuffer(), defWidth, def);
      values = v2.getData().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
    return true;
  }

  /** A v1 page's RLE levels: a 4-byte little-endian length, then the runs; moves {@code b} past them. */
  private static ByteBuffer lengthPrefixed(ByteBuffer b) {
    int n = b.getInt();
    ByteBuffer levels = b.slice(b.position(), n);
    b.position(b.position() + n);
    return levels;
  }

  private void levels(ByteBuffer runs, int width, int[] out) throws IOException {
    RunLengthBitPackingHybridDecoder d = new RunLengthBitPackingHybridDecoder(width, ByteBufferInputStream.wrap(runs));
    for (int i = 0; i < count; i++) {
      out[i] = d.readInt();
    }
  }
}
