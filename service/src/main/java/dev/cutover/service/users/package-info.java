/**
 * The {@code users} table: the entity, its repository (Hibernate Reactive writes, pipelined Vert.x reads), and
 * what the reads learn of the schema's state while migrations run.
 */
package dev.cutover.service.users;
