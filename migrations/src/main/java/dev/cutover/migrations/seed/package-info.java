/** API. Seeding many users for load tests and rehearsals. */
package dev.cutover.migrations.seed;
