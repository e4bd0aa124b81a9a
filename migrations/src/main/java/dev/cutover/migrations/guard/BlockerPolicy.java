package dev.cutover.migrations.guard;

/** What the pre-flight does when sessions that would block a migration are found. */
public enum BlockerPolicy {
    /** Wait, without queueing any lock request, until they end; within the retry budget. The default. */
    WAIT,
    /** Fail at once, naming them. */
    REFUSE,
    /** Cancel their queries (terminate them when idle in a transaction), then go on. Only on an operator's explicit say. */
    CANCEL,
    /** Skip the pre-flight: only lock_timeout and retries guard the migration. For comparison and benchmarks. */
    IGNORE
}
