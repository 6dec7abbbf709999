package io.proximace.cli;

/** Entry point of the runnable jar and of {@code bin/proxima-ce}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(ProximaCeCommand.newCommandLine().execute(args));
  }
}
