/**
 * The JSON request and response bodies of the API, with their validation constraints; responses are made from
 * the {@code users} and {@code items} rows.
 */
package dev.cutover.service.api.model;
