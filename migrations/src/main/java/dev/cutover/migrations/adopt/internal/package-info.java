/**
 * Internal to {@code adopt}: the template's expected tables and the catalog reads that compare a database with them,
 * the duplicate-email and old-service-session queries.
 */
package dev.cutover.migrations.adopt.internal;
