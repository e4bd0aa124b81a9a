/**
 * The service's settings ({@code cutover.*} and the template's variables), the config sources derived from them,
 * and the checks that refuse unsafe production settings. It is the bottom layer: it uses no other package here.
 */
package dev.cutover.service.config;
