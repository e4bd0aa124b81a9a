/**
 * Internal to {@code backfill}: the job table's owner ({@code JobStore}), key ranges, the batch-size tuner, health
 * checks and VACUUM scheduling.
 */
package dev.cutover.migrations.backfill.internal;
