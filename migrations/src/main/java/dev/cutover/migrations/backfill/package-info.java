/**
 * API. Batched backfills: declared as {@link dev.cutover.migrations.backfill.Backfill}, run by
 * {@link dev.cutover.migrations.backfill.BackfillWorker}s, controlled through
 * {@link dev.cutover.migrations.backfill.BackfillJobs}, and the guard's backfill gates.
 */
package dev.cutover.migrations.backfill;
