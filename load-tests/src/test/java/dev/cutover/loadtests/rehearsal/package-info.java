/**
 * The rehearsals as integration tests: the cutover and takeover rehearsals at CI scale, run end to end through
 * {@code load-tests/ci-rehearsal.sh}.
 */
package dev.cutover.loadtests.rehearsal;
