package io.proximace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proximace.table.TableName;
import io.proximace.vector.DataType;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static long perDoc(DataType type, Algorithm algo, Converter converter) {
    JobSpec spec = JobSpec.builder().docs(TableName.parse("d", "p"), "1").queries(TableName.parse("q", "p"), "1")
        .output(TableName.parse("o", "p"), "1").dimension(128).volume("v", "o").algorithm(algo).dataType(type)
        .converter(converter).pkType(io.proximace.vector.PkType.INT64).build();
    IndexPlan index = new IndexPlan(algo, spec.distance(), converter, spec.builderParams(), spec.searcherParams(), "v", "o",
        "rel", "url", true, false, false);
    return Placement.bytesPerDoc(spec, index, 0);
  }

  @Test
  void int8DocsSearchedExactlyTakeOneBytePerComponent() {
    long pk = 8 + 4; // an int64 pk and its rank
    assertEquals(128 + pk, perDoc(DataType.INT8, Algorithm.LINEAR, Converter.NONE));
    assertEquals(4 * 128 + pk, perDoc(DataType.FLOAT, Algorithm.LINEAR, Converter.NONE));
    // the quantizer's docs are floats until the build has levelled them; hnsw holds int8 docs as floats
    assertEquals(2 * 4 * 128 + pk, perDoc(DataType.FLOAT, Algorithm.LINEAR, Converter.INT8_QUANTIZER));
    assertEquals(4 * 128 + pk + 8, perDoc(DataType.INT8, Algorithm.QC, Converter.NONE));
  }
}
