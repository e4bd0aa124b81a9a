/**
 * API. Reaching PostgreSQL: connection strings ({@link dev.cutover.migrations.jdbc.DatabaseUrl}), the one connection
 * factory, the one Flyway factory, the SQLSTATEs Cutover reacts to, and whether a pooler in between shares server
 * sessions ({@link dev.cutover.migrations.jdbc.SharedSessions}).
 */
package dev.cutover.migrations.jdbc;
