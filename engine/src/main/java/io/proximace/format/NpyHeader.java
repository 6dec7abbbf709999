package io.proximace.format;

import io.proximace.ProximaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The header of a {@code .npy} file, as numpy's {@code numpy.lib.format} documents it: the magic
 * {@code \x93NUMPY}, a major and minor version, the header's length (2 bytes little-endian in version 1,
 * 4 in versions 2 and 3), then a Python dict literal {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), }} padded with spaces and a newline so that the data starts on a multiple of 64.
 */
public record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Reads the header at the start of {@code in} (the file {@code name}); the stream is left at the data. */
  public static NpyHeader read(InputStream in, String name) throws IOException {
    byte[] start = in.readNBytes(10);
    if (start.length < 10 || !Arrays.equals(Arrays.copyOf(start, 6), MAGIC)) {
      throw new ProximaException(name + ": not a .npy file (it does not start with \\x93NUMPY)");
    }
    int major = start[6];
    long length;
    if (major == 1) {
      length = (start[8] & 0xff) | (start[9] & 0xff) << 8;
    } else if (major == 2 || major == 3) {
      byte[] more = in.readNBytes(2);
      if (more.length < 2) {
        throw new ProximaException(name + ": the .npy header is truncated");
      }
      length = (start[8] & 0xffL) | (start[9] & 0xffL) << 8 | (more[0] & 0xffL) << 16 | (more[1] & 0xffL) << 24;
    } else {
      throw new ProximaException(name + ": .npy format version " + major + "." + start[7] + " is not one this reads (1, 2 or 3)");
    }
    if (length > 1 << 24) {
      throw new ProximaException(name + ": the .npy header claims " + length + " bytes; the file is damaged");
    }
    byte[] text = in.readNBytes((int) length);
    if (text.length < length) {
      throw new ProximaException(name + ": the .npy header is truncated");
    }
    String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(dict);
    Matcher f = FORTRAN.matcher(dict);
    Matcher s = SHAPE.matcher(dict);
    if (!d.find()) {
      throw new ProximaException(name + ": the .npy dtype is not a plain type (a structured array?): " + dict.trim());
    }
    if (!f.find() || !s.find()) {
      throw new ProximaException(name + ": cannot read the .npy header " + dict.trim());
    }
    String[] dims = s.group(1).split(",");
    long[] shape = Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(x -> {
      try {
        return Long.parseLong(x.endsWith("L") ? x.substring(0, x.length() - 1) : x);
      } catch (NumberFormatException e) {
        throw new ProximaException(name + ": cannot read the .npy shape (" + s.group(1) + ")");
      }
    }).toArray();
    return new NpyHeader(d.group(1), f.group(1).equals("True"), shape);
  }

  /** The shape as Python prints it: {@code (3, 4)}, {@code (3,)}. */
  public String shapeText() {
    return "(" + (shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "))) + ")";
  }

  /** Writes the header as numpy's {@code numpy.save} does: version 1 unless the dict needs more than 65535 bytes. */
  public void write(OutputStream out) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': " + shapeText() + ", }";
    // numpy pads a whole 64 bytes when the dict already ends on the boundary
    int pad = ALIGN - (10 + dict.length() + 1) % ALIGN;
    boolean v1 = dict.length() + pad + 1 < 1 << 16;
    if (!v1) {
      pad = ALIGN - (12 + dict.length() + 1) % ALIGN;
    }
    int length = dict.length() + pad + 1;
    out.write(MAGIC);
    out.write(v1 ? 1 : 2);
    out.write(0);
    out.write(length & 0xff);
    out.write(length >>> 8 & 0xff);
    if (!v1) {
      out.write(length >>> 16 & 0xff);
      out.write(length >>> 24 & 0xff);
    }
    out.write(dict.getBytes(StandardCharsets.ISO_8859_1));
    out.write(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1));
    out.write('\n');
  }
}
