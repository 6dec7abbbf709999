/**
 * What a run will do, decided once before any work. {@link io.proximace.plan.JobSpec} is the runner's options as
 * given (command line, {@code jar ... ProximaCERunner}, a Hadoop Tool), each checked and the combinations checked
 * together. {@link io.proximace.plan.Planner} resolves it against the home: tables opened with the user's privileges,
 * partitions resolved with their files, the output table, the volume and the index folder, the first rows of the
 * inputs; {@link io.proximace.plan.Placement} sizes it (local or MapReduce, shards). The result is an immutable
 * {@link io.proximace.plan.RunPlan} of typed parts: {@code Inputs}, {@code IndexPlan}, {@code Execution},
 * {@code Selection}, {@code OutputRef}. Stages read it and never change it; MapReduce tasks receive it through
 * {@link io.proximace.plan.PlanCodec} and do not check it again.
 */
package io.proximace.plan;
