/** Internal to {@code probe}: lock modes and relation snapshots. */
package dev.cutover.migrations.probe.internal;
