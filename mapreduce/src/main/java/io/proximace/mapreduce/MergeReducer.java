package io.proximace.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Seek, merge: keeps each query's best {@code -topk} of its partial lists, ties by pk. The same class
 * combines map output (fewer bytes shuffled) and reduces it into the output format.
 */
final class MergeReducer extends Reducer<LongWritable, Candidates, LongWritable, Candidates> {
  private int k;
  private final Candidates merged = new Candidates();
  /** Copies of a query's lists: Hadoop reads every value into the same object. Reused across queries. */
  private final List<Candidates> copies = new ArrayList<>();

  @Override
  protected void setup(Context ctx) {
    k = TaskSettings.plan(ctx.getConfiguration()).selection().maxTopk();
  }

  @Override
  protected void reduce(LongWritable query, Iterable<Candidates> lists, Context ctx) throws IOException, InterruptedException {
    int n = 0;
    for (Candidates c : lists) {
      if (n == copies.size()) {
        copies.add(new Candidates());
      }
      copies.get(n++).copyFrom(c);
    }
    merged.merge(copies.subList(0, n), k);
    ctx.write(query, merged);
  }
}
