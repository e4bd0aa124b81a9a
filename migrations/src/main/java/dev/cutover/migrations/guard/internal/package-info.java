/** Internal to {@code guard}: backoff, the pre-flight's session queries, invalid-index repair. */
package dev.cutover.migrations.guard.internal;
