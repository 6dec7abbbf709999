package com.alibaba.proxima2.ce;

import io.proximace.cli.ProximaCeCommand;
import java.util.stream.Stream;

/**
 * Proxima CE's runner class name, so that command lines written for it work unchanged:
 * {@code java -cp proxima-ce.jar com.alibaba.proxima2.ce.ProximaCERunner -doc_table ...} is
 * {@code proxima-ce run -doc_table ...}.
 */
public final class ProximaCERunner {
  private ProximaCERunner() {}

  public static void main(String[] args) {
    String[] run = Stream.concat(Stream.of("run"), Stream.of(args)).toArray(String[]::new);
    System.exit(ProximaCeCommand.newCommandLine().execute(run));
  }
}
