/**
 * The template's error bodies and the request validation that produces them: the {@code detail} shapes, HTTP
 * errors, and the email checks the request models use.
 */
package dev.cutover.service.api.errors;
