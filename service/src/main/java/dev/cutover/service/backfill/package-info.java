/**
 * The backfill workers this instance runs for the migrations toolkit, their settings and metrics, and the
 * operator's routes on the management port.
 */
package dev.cutover.service.backfill;
