package io.proximace.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Seek, merge: keeps each query's best {@code -topk} of its partial lists, ties by pk. The same class
 * combines map output (fewer bytes shuffled) and reduces it into the output format.
 */
final class MergeReducer extends Reducer<LongWritable, Candidates, LongWritable, Candidates> {
  private int k;
  private final Candidates merged = new Candidates();
  private final Candidates scratch = new Candidates();

  @Override
  protected void setup(Context ctx) {
    k = TaskSettings.plan(ctx.getConfiguration()).selection().maxTopk();
  }

  @Override
  protected void reduce(LongWritable query, Iterable<Candidates> lists, Context ctx) throws IOException, InterruptedException {
    boolean first = true;
    for (Candidates c : lists) {
      if (first) {
        merged.copyFrom(c);
        first = false;
      } else {
        scratch.copyFrom(merged);
        merged.merge(scratch, c, k);
      }
    }
    ctx.write(query, merged);
  }
}
