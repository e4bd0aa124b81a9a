/**
 * The {@code items} table: its rows and the one repository that reads and writes them.
 */
package dev.cutover.service.items;
