package dev.cutover.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The settings PoolerCheck refuses before it looks at the database; PgBouncerIT covers what it finds there. */
class PoolerCheckTest {

    @Test
    void anUnknownPoolerIsRefusedNamingTheVariableAndItsValues() {
        assertThat(PoolerCheck.refusal("pgbouncer", false, null)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("DATABASE_POOLER=pgbouncer").contains("none").contains("transaction"));
    }

    @Test
    void migratingAtStartThroughATransactionPoolerIsRefused() {
        assertThat(PoolerCheck.refusal("transaction", true, null)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("MIGRATE_AT_START=true").contains("direct connection"));
        assertThat(PoolerCheck.refusal("transaction", false, null)).isEmpty();
    }
}
