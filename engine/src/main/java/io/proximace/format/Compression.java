package io.proximace.format;

import io.airlift.compress.zstd.ZstdInputStream;
import io.proximace.ProximaException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.ZStandardCodec;

/**
 * Decompresses a file by its extension with Hadoop's codecs ({@code .gz}, {@code .bz2}, and whatever else
 * {@link CompressionCodecFactory} knows). Hadoop's gzip and bzip2 fall back to pure Java without libhadoop;
 * its {@code ZStandardCodec} does not, so {@code .zst} goes to aircompressor's pure-Java zstd instead.
 * A corrupt or truncated stream is an error naming the file and the compressed byte it was read up to.
 */
public final class Compression {
  private static final CompressionCodecFactory CODECS = new CompressionCodecFactory(new Configuration(false));

  private Compression() {}

  /** The file name without its compression extension ({@code a.fvecs.gz} to {@code a.fvecs}). */
  public static String stripExtension(String fileName) {
    CompressionCodec codec = CODECS.getCodec(new Path(fileName));
    return codec == null ? fileName : CompressionCodecFactory.removeSuffix(fileName, codec.getDefaultExtension());
  }

  /** {@code raw}, the bytes of the file named {@code name}, decompressed when its extension says so. */
  public static InputStream decompress(InputStream raw, String name) throws IOException {
    CompressionCodec codec = CODECS.getCodec(new Path(name));
    if (codec == null) {
      return raw;
    }
    Counting counted = new Counting(raw);
    InputStream in;
    try {
      in = codec instanceof ZStandardCodec ? new ZstdInputStream(counted) : codec.createInputStream(counted);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw corrupt(name, codec, counted, e);
    }
    return new Checked(in, name, codec, counted);
  }

  private static ProximaException corrupt(String name, CompressionCodec codec, Counting counted, Exception e) {
    return new ProximaException(name + ": corrupt or truncated " + codec.getDefaultExtension().substring(1)
        + " data (read up to compressed byte " + counted.count + "): " + e.getMessage(), e);
  }

  /** Counts the compressed bytes the decompressor has taken, for messages. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }

  /** Turns a decompressor's failure into a message that names the file and position. */
  private static final class Checked extends FilterInputStream {
    private final String name;
    private final CompressionCodec codec;
    private final Counting counted;

    Checked(InputStream in, String name, CompressionCodec codec, Counting counted) {
      super(in);
      this.name = name;
      this.codec = codec;
      this.counted = counted;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException | RuntimeException e) {
        throw corrupt(name, codec, counted, e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        throw corrupt(name, codec, counted, e);
      }
    }
  }
}
