/**
 * The cutover rehearsed on a production topology on this machine: a primary and a streaming replica, PgBouncer in
 * transaction mode, three service instances behind HAProxy, all under the production roles; the instances restarted
 * and the replica's replay paused while the guarded expand/contract runs under load.
 */
package dev.cutover.infra.topology;
