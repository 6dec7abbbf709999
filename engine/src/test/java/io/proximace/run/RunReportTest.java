package io.proximace.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders: sortable names that two runs finishing in the same second never share. */
class RunReportTest {
  @TempDir
  Path tmp;

  @Test
  void twoRunsInOneSecondTakeTwoFolders() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.toUri());
    Instant at = Instant.parse("2026-11-30T02:12:47Z");
    ObjectMapper json = new ObjectMapper();
    ObjectNode one = json.createObjectNode();
    ObjectNode two = json.createObjectNode();
    assertEquals("20261130-021247Z-001", RunReport.claim(fs, dir, at, one));
    assertEquals("20261130-021247Z-002", RunReport.claim(fs, dir, at, two));
    assertEquals("20261130-021247Z-001", json.readTree(tmp.resolve("20261130-021247Z-001/report.json").toFile()).path("run").asText());
    assertEquals("20261130-021247Z-002", json.readTree(tmp.resolve("20261130-021247Z-002/report.json").toFile()).path("run").asText());
    assertEquals(2, RunReport.history(fs, dir, json.createObjectNode()).size());
    assertEquals("20261130-021247Z-002", RunReport.history(fs, dir, json.createObjectNode()).get(0).path("run").asText(),
        "newest first");
  }

  @Test
  void aReportFromBeforeTheHistoryIsFiledNotReplaced() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.toUri());
    java.nio.file.Files.writeString(tmp.resolve("report.json"), "{\"finished\":\"2026-11-29T08:00:01.5Z\",\"options\":{}}");
    java.nio.file.Files.writeString(tmp.resolve("report.html"), "<html>old</html>");
    RunReport.keepUnfiled(fs, dir);
    assertEquals("20261129-080001Z-001", new ObjectMapper().readTree(tmp.resolve("20261129-080001Z-001/report.json").toFile())
        .path("run").asText());
    assertEquals("<html>old</html>", java.nio.file.Files.readString(tmp.resolve("20261129-080001Z-001/report.html")));
    // a report of the history era names its run: nothing more is filed
    java.nio.file.Files.writeString(tmp.resolve("report.json"), "{\"run\":\"20261129-080001Z-001\"}");
    RunReport.keepUnfiled(fs, dir);
    assertEquals(1, RunReport.history(fs, dir, new ObjectMapper().createObjectNode()).size());
  }
}
