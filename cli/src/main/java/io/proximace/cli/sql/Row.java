package io.proximace.cli.sql;

/** One source row: values typed by the column types ({@link Values#typed}), and the text as stored (printed as is). */
record Row(Object[] typed, String[] raw) {}
