/**
 * API. The facade the service uses: {@link dev.cutover.migrations.Migrations} applies the shipped migrations guarded,
 * with their backfills. Dependencies point one way: {@code cli} uses the features ({@code guard}, {@code backfill},
 * {@code lint}, {@code probe}, {@code seed}, {@code adopt}), {@code backfill} uses {@code guard}, and all of them use
 * {@code sql} and {@code jdbc}; no package outside a feature imports that feature's {@code internal} package
 * ({@code ArchitectureTest} checks both).
 */
package dev.cutover.migrations;
