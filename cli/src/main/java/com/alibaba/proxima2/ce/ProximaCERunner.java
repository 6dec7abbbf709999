package com.alibaba.proxima2.ce;

import io.proximace.cli.ProximaCeCommand;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Proxima CE's runner class name, so that command lines written for it work unchanged:
 * {@code java -cp proxima-ce.jar com.alibaba.proxima2.ce.ProximaCERunner -doc_table ...} is
 * {@code proxima-ce run -doc_table ...}. It is a Hadoop {@code Tool}: {@code hadoop jar proxima-ce.jar
 * com.alibaba.proxima2.ce.ProximaCERunner -libjars ... -D key=value -files ... -doc_table ...} applies the
 * generic options to the MapReduce jobs it submits.
 */
public final class ProximaCERunner extends Configured implements Tool {
  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Configuration(), new ProximaCERunner(), args));
  }

  /** Runs the runner's options left after Hadoop's generic options. */
  @Override
  public int run(String[] args) {
    String[] run = Stream.concat(Stream.of("run"), Stream.of(args)).toArray(String[]::new);
    return ProximaCeCommand.newCommandLine(getConf()).execute(run);
  }
}
