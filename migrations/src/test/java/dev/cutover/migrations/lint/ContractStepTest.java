package dev.cutover.migrations.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.sql.SqlScript;
import org.junit.jupiter.api.Test;

/**
 * Which scripts are contract steps, which a guarded run holds back for connected services: those the linter's drop
 * and rename rules find something in.
 */
class ContractStepTest {

    private final Linter linter = Linter.standard();

    @Test
    void dropsAndRenamesAreContractSteps() {
        assertThat(contract("DROP INDEX CONCURRENTLY IF EXISTS users_email_key;")).isTrue();
        assertThat(contract("ALTER TABLE users DROP COLUMN legacy;")).isTrue();
        assertThat(contract("ALTER TABLE ONLY public.users DROP legacy;")).isTrue();
        assertThat(contract("ALTER TABLE users ADD COLUMN a int, DROP COLUMN b;")).isTrue();
        assertThat(contract("ALTER TABLE users RENAME COLUMN email TO mail;")).isTrue();
        assertThat(contract("ALTER TABLE users RENAME TO accounts;")).isTrue();
        assertThat(contract("DROP TABLE IF EXISTS old_users;")).isTrue();
    }

    @Test
    void aSuppressionSaysTheContractIsDeliberateNotThatThereIsNone() {
        assertThat(contract("-- cutover:ignore drop-index-in-use reads moved to the new index\n"
                + "DROP INDEX CONCURRENTLY IF EXISTS users_email_key;")).isTrue();
    }

    @Test
    void relaxingARuleOrAddingIsNoContractStep() {
        assertThat(contract("ALTER TABLE users ALTER COLUMN full_name DROP NOT NULL;")).isFalse();
        assertThat(contract("ALTER TABLE users DROP CONSTRAINT users_email_normalized_not_null;")).isFalse();
        assertThat(contract("ALTER TABLE users ADD COLUMN a int, ALTER COLUMN b DROP DEFAULT;")).isFalse();
        assertThat(contract("CREATE UNIQUE INDEX CONCURRENTLY u ON users (lower(email));")).isFalse();
        assertThat(contract("DROP TRIGGER IF EXISTS t ON users; -- DROP TABLE users")).isFalse();
        assertThat(contract("COMMENT ON TABLE users IS 'DROP INDEX x';")).isFalse();
    }

    private boolean contract(String sql) {
        return linter.isContractStep(SqlScript.parse(sql));
    }
}
