/** API for tests: a throwaway PostgreSQL database per test run. */
package dev.cutover.migrations.testing;
