/**
 * The template's emails (password recovery and the test email), sent without blocking or failing a request.
 */
package dev.cutover.service.mail;
