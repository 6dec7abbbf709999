package io.proximace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The resident pages of this process's memory-mapped files, from Linux's {@code /proc/self/smaps}. */
final class MappedPages {
  private static final java.util.regex.Pattern HEADER = java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

  private MappedPages() {}

  /**
   * Bytes resident in memory of the mappings whose file name contains {@code name} (a deleted file still
   * counts while it is mapped); 0 where there is no {@code /proc}.
   */
  static long residentBytes(String name) throws IOException {
    Path smaps = Path.of("/proc/self/smaps");
    if (!Files.isReadable(smaps)) {
      return 0;
    }
    List<String> lines = Files.readAllLines(smaps);
    long kib = 0;
    boolean inside = false;
    for (String line : lines) {
      if (HEADER.matcher(line).lookingAt()) {
        inside = line.contains(name); // a mapping's header: "start-end perms offset dev inode path"
      } else if (inside && line.startsWith("Rss:")) {
        kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return kib * 1024;
  }
}
