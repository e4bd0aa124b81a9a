/**
 * API. The guarded migration runner: {@link dev.cutover.migrations.guard.GuardedMigrator} (builder) makes a
 * {@link dev.cutover.migrations.guard.GuardConfig}, which one run applies migration by migration under a
 * {@link dev.cutover.migrations.guard.LockGuard}, reporting {@link dev.cutover.migrations.guard.GuardEvent}s; {@link dev.cutover.migrations.guard.SchemaRefresh}
 * sets how often services re-read the catalog and how long a contract step waits for them.
 */
package dev.cutover.migrations.guard;
