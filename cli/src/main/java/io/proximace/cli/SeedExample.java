package io.proximace.cli;

/**
 * The walkthrough of the document Proxima CE's users start from: ten 8-dimensional docs whose
 * components all equal 1..10, and three queries, in partition 20230116. The demo runs it; tests
 * check the nine rows it must give with {@code -topk 3}.
 */
public final class SeedExample {
  /** The partition value of both tables. */
  public static final String PARTITION = "20230116";
  /** The doc table's rows as CSV. */
  public static final String DOCS = """
      1.nid,1~1~1~1~1~1~1~1
      2.nid,2~2~2~2~2~2~2~2
      3.nid,3~3~3~3~3~3~3~3
      4.nid,4~4~4~4~4~4~4~4
      5.nid,5~5~5~5~5~5~5~5
      6.nid,6~6~6~6~6~6~6~6
      7.nid,7~7~7~7~7~7~7~7
      8.nid,8~8~8~8~8~8~8~8
      9.nid,9~9~9~9~9~9~9~9
      10.nid,10~10~10~10~10~10~10~10
      """;
  /** The query table's rows as CSV. */
  public static final String QUERIES = """
      q1.nid,1~1~1~1~2~2~2~2
      q2.nid,4~4~4~4~3~3~3~3
      q3.nid,9~9~9~9~5~5~5~5
      """;

  private SeedExample() {}
}
