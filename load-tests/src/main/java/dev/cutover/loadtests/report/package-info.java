/**
 * The report commands a rehearsal ends with: {@link dev.cutover.loadtests.report.CapacityReport} measures the
 * service's capacity, {@link dev.cutover.loadtests.report.RehearsalReport} turns a run's recordings into a report and
 * a verdict.
 */
package dev.cutover.loadtests.report;
