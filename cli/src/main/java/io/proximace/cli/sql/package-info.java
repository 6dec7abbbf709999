/**
 * The SQL console: MaxCompute's statements, as the Proxima CE documentation writes them.
 *
 * <p>Data flow: a script's text has its {@code ${NAME}} variables substituted ({@link Variables}), is cut into
 * {@link Statement}s on {@code ;} outside quotes and comments ({@link StatementSplitter}), and each statement is
 * recognised ({@link Recogniser}, over {@link Tokens}) as one {@link Command}. A {@link Session} runs it: table DDL,
 * grants, LOAD/UNLOAD, {@code vfs} and {@code jar} go to the existing proxima-ce commands with the same arguments;
 * INSERT and SELECT run here, a SELECT parsed by Calcite's Babel parser and evaluated over the table's rows by
 * {@link Query}. Results come back as values ({@link Session.Result}) for the front end to print.
 *
 * <p>A SELECT, step by step: {@link Query} parses it and opens its one table; {@link Columns} resolves names
 * (plain or qualified) to positions; {@link Scan} reads the rows WHERE keeps, as {@link Row}s (each field typed
 * by {@link Values}, and its stored text), from only the partition a {@code pt='v'} conjunct fixes;
 * {@link Evaluator} computes expressions over a row (in SQL's three-valued logic). An aggregating query folds
 * rows by {@link Grouping} into {@link Group}s, each with its {@link Aggregate}s, and keeps those HAVING accepts.
 * {@link Projection} turns each row (or group) into an output row as printed, with its sort keys; then DISTINCT,
 * {@link OrderBy}'s stable sort, OFFSET and LIMIT, and the rows go back as {@link Query.Rows}. Every error goes through {@link QueryText}, which places Calcite's positions in the script.
 *
 * <p>Why two parsers: Calcite's Babel parser reads the SELECT subset well (and reports line and column), but it
 * cannot read MaxCompute's {@code PARTITIONED BY}, {@code INSERT OVERWRITE ... PARTITION} or {@code DROP TABLE};
 * those few statement shapes are recognised by hand. Every error is a {@link SqlError} naming the script's line
 * and column.
 */
package io.proximace.cli.sql;
