/** API. The lock probe: which locks each pending migration takes, observed on a scratch database. */
package dev.cutover.migrations.probe;
