/**
 * What the simulations share: their settings, the rehearsal's request mix, seeded users and tokens, arrival rates,
 * and the request log the reports read.
 */
package dev.cutover.loadtests.support;
