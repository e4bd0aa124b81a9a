/**
 * API for tests: a throwaway PostgreSQL database per test run, and the real components deployments put around one (a
 * streaming replica, PgBouncer, HAProxy).
 */
package dev.cutover.migrations.testing;
