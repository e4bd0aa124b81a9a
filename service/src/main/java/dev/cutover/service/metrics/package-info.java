/**
 * Metrics of the HTTP layer beyond Quarkus' own, such as the request latency histogram the migration alerts read.
 */
package dev.cutover.service.metrics;
