package io.proximace.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proximace.table.CsvImport;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableName;
import io.proximace.table.Warehouse;
import io.proximace.vector.BinaryVectors;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Binary rows read straight to packed bits agree with the float path (0/1 per component, then packed). */
class VectorInputTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @CsvSource({"32,true", "96,true", "128,true", "96,false", "160,false"})
  void packedBitsEqualTheFloatComponentsPacked(int dim, boolean binaryToInt) throws IOException {
    Random r = new Random(dim);
    StringBuilder csv = new StringBuilder();
    int n = 200;
    for (int i = 0; i < n; i++) {
      csv.append('p').append(i).append(',');
      for (int w = 0; w < dim / 32; w++) {
        int word = i == 0 ? -1 : i == 1 ? Integer.MIN_VALUE : r.nextInt(); // all ones; only component 0 of each word
        if (binaryToInt) {
          csv.append(w > 0 ? "~" : "").append(word);
        } else {
          for (int b = 0; b < 32; b++) {
            csv.append(w + b > 0 ? "~" : "").append((word >>> (31 - b)) & 1);
          }
        }
      }
      csv.append('\n');
    }
    Warehouse w = new Warehouse(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(tmp.toUri()));
    Table t = w.create(new TableName("default", "bits"), Schema.parse("pk STRING, vector STRING", "pt STRING"), false);
    CsvImport.into(t, "1", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "bits.csv", ',', false);
    RowFormat spec = new RowFormat(dim, DataType.BINARY, binaryToInt, PkType.STRING, '~');
    Partition p = t.partition("1");

    BinaryVectors expected = new BinaryVectors(dim); // the float path: one 0/1 float per component
    try (PartitionReader rows = p.open()) {
      VectorInput.forEach(rows, p.table().schema(), spec, "doc", (i, buf, ps, pe, lp, vector) -> {
        int d = expected.appendRow();
        for (int j = 0; j < dim; j++) {
          if (vector[j] != 0f) {
            expected.set(d, j);
          }
        }
      });
    }
    List<long[]> packed = new ArrayList<>();
    try (PartitionReader rows = p.open()) {
      VectorInput.forEachBits(rows, p.table().schema(), spec, "doc", (i, buf, ps, pe, lp, bits) -> packed.add(bits.clone()));
    }
    assertEquals(n, packed.size());
    int words = expected.words();
    for (int i = 0; i < n; i++) {
      long[] want = java.util.Arrays.copyOfRange(expected.data(), i * words, (i + 1) * words);
      assertArrayEquals(want, packed.get(i), "row " + i);
    }
    assertEquals(dim, java.util.Arrays.stream(packed.get(0)).map(Long::bitCount).sum(), "an all-ones row has every component set");
    assertEquals(1L, packed.get(1)[0] & 0xffffffffL, "component 0 is bit 31 of word 0 and bit 0 of the packed long");

    Docs docs = VectorInput.readDocs(p, spec, new Docs(spec, false),
        io.proximace.Progress.start("test", "docs", n));
    assertArrayEquals(java.util.Arrays.copyOf(expected.data(), n * words), java.util.Arrays.copyOf(docs.bits().data(), n * words),
        "the docs a build indexes");
  }
}
