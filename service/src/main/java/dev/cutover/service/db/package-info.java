/**
 * What every table's repository shares: ids for new rows (UUIDv7), the keyset cursor of newest-first pages, and
 * how database failures are told apart (unavailable, refused as a duplicate, invalid text).
 */
package dev.cutover.service.db;
