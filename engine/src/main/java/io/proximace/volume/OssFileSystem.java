package io.proximace.volume;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * hadoop-aliyun's {@code oss://} file system as our volumes' {@code fs.oss.impl}: it starts {@link OssLogs}
 * with its key id and secret before the SDK sends anything, and an upload that OSS refuses (which comes
 * out at {@code close}, past every caller that words errors) fails with OSS's error code instead of the
 * SDK's exception, whose message quotes OSS's answer. Being the configured implementation, it does so
 * in every JVM that opens a volume: the command line, local tasks, and MapReduce task JVMs.
 */
public final class OssFileSystem extends AliyunOSSFileSystem {
  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    OssLogs.redact(conf.get("fs.oss.accessKeyId"), conf.get(VolumeCatalog.OSS_SECRET));
    super.initialize(name, conf);
  }

  @Override
  public FSDataOutputStream create(Path path, FsPermission permission, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    FSDataOutputStream out = super.create(path, permission, overwrite, bufferSize, replication, blockSize, progress);
    return new FSDataOutputStream(new Upload(out, makeQualified(path)), null);
  }

  /** An object being written; the SDK's failures become plain {@link IOException}s naming the object. */
  private static final class Upload extends OutputStream {
    private final FSDataOutputStream out;
    private final Path path;

    Upload(FSDataOutputStream out, Path path) {
      this.out = out;
      this.path = path;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException | RuntimeException e) {
        throw clean(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException | RuntimeException e) {
        throw clean(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException | RuntimeException e) {
        throw clean(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException | RuntimeException e) {
        throw clean(e);
      }
    }

    /** {@code e} itself, unless an SDK exception is among its causes: then one without them. */
    private IOException clean(Exception e) throws IOException {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof OSSException o) {
          return new IOException("OSS refused to store " + path + ": " + o.getErrorCode()
              + (o.getRequestId() == null ? "" : " (request id " + o.getRequestId() + ")"));
        }
        if (t instanceof ClientException c) {
          return new IOException("could not store " + path + " on OSS: " + OssLogs.clean(c.getMessage()));
        }
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      return (IOException) e;
    }
  }
}
