/**
 * API. Reaching PostgreSQL: connection strings ({@link dev.cutover.migrations.jdbc.DatabaseUrl}), the one connection
 * factory, the one Flyway factory, and the SQLSTATEs Cutover reacts to.
 */
package dev.cutover.migrations.jdbc;
