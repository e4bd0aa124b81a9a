/**
 * What runs before the first request: refuse unsafe production settings, migrate (dev and test), create the first
 * superuser, and the readiness check that stays down until that is done.
 */
package dev.cutover.service.startup;
