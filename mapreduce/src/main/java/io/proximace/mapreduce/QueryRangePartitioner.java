package io.proximace.mapreduce;

import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Sends queries to merge reducers in ranges of their position, so that the part files, in name order,
 * hold the queries in input order, as a local run writes them.
 */
final class QueryRangePartitioner extends Partitioner<LongWritable, Candidates> implements Configurable {
  private Configuration conf;
  private long queries;

  @Override
  public int getPartition(LongWritable query, Candidates value, int reducers) {
    return (int) Math.min(reducers - 1, query.get() * reducers / Math.max(queries, 1));
  }

  @Override
  public void setConf(Configuration c) {
    conf = c;
    queries = c.getLong(TaskSettings.QUERIES, 1);
  }

  @Override
  public Configuration getConf() {
    return conf;
  }
}
