/**
 * The service's Micrometer setup beyond Quarkus' own: the request latency histogram the migration alerts read, and the
 * PostgreSQL client's per-connection gauges left out.
 */
package dev.cutover.service.metrics;
