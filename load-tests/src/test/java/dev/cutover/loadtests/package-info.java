/**
 * The Gatling simulations run against the service: the user API's SLO mix, the hot path by id, the rehearsal's
 * steady traffic and its capacity measurement.
 */
package dev.cutover.loadtests;
