/**
 * Who is asking: password hashing (Argon2id, bcrypt verified), access and reset tokens, the bearer filter, login
 * throttling and the hashing budget that keeps the event loop free.
 */
package dev.cutover.service.auth;
