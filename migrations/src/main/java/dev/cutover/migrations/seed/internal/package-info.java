/** Internal to {@code seed}: generated names and rows. */
package dev.cutover.migrations.seed.internal;
