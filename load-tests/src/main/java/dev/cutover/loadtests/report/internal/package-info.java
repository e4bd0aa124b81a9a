/**
 * What the report commands compute from a run's files (latencies, rates, lock queues, the backfill's cost, the
 * verdict) and the SVG chart; used only by {@code dev.cutover.loadtests.report}.
 */
package dev.cutover.loadtests.report.internal;
