package io.proximace.cli;

import com.alibaba.proxima2.ce.ProximaCERunner;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/** Entry point of the runnable jar and of {@code bin/proxima-ce}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  /**
   * Runs a command line. {@code hadoop jar proxima-ce.jar com.alibaba.proxima2.ce.ProximaCERunner ...} starts
   * the jar's main class with the runner's name as the first argument: that goes to the runner, as a Tool.
   */
  static int run(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(ProximaCERunner.class.getName())) {
      return ToolRunner.run(new Configuration(), new ProximaCERunner(), Arrays.copyOfRange(args, 1, args.length));
    }
    return ProximaCeCommand.newCommandLine().execute(args);
  }
}
