/**
 * The HTTP API of the FastAPI template, route for route: the JAX-RS resources, their paging and parameters, and the
 * documentation pages. It is the top layer: it may use every other package, and none uses it.
 */
package dev.cutover.service.api;
