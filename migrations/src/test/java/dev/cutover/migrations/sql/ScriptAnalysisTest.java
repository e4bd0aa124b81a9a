package dev.cutover.migrations.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the guard and the probe read from a script, on the same tokens the linter reads. */
class ScriptAnalysisTest {

    @Test
    void anEscapedQuoteInAnEStringEndsNothing() {
        ScriptAnalysis a = ScriptAnalysis.of("""
                INSERT INTO notes VALUES (E'it\\'s; ALTER TABLE decoy ADD x int');
                ALTER TABLE users ADD COLUMN note text;
                """);
        assertThat(a.relations()).containsExactly("users", "notes");
        assertThat(a.concurrent()).isFalse();
    }

    @Test
    void quotedIdentifiersAreNamesAndTheirQuotesStartNoString() {
        ScriptAnalysis a = ScriptAnalysis.of("""
                ALTER TABLE "Order Items" ADD COLUMN "it's" text;
                CREATE INDEX CONCURRENTLY "oi_""x""_idx" ON public."Order Items" (id);
                """);
        assertThat(a.relations()).containsExactly("\"Order Items\"", "public.\"Order Items\"");
        assertThat(a.concurrentIndexes()).containsExactly("\"oi_\"\"x\"\"_idx\"");
        assertThat(a.concurrent()).isTrue();
    }

    @Test
    void concurrentlyInALiteralOrACommentIsNotAStatement() {
        ScriptAnalysis a = ScriptAnalysis.of("""
                -- CREATE INDEX CONCURRENTLY later, in its own file
                ALTER TABLE users ADD COLUMN "it's" text;
                COMMENT ON COLUMN users.email IS 'the user''s address; CREATE INDEX CONCURRENTLY x ON users (email)';
                /* VACUUM users; */
                SELECT $$ REINDEX INDEX CONCURRENTLY users_pkey $$;
                """);
        assertThat(a.concurrent()).isFalse();
        assertThat(a.concurrentIndexes()).isEmpty();
        assertThat(a.relations()).containsExactly("users");
    }

    @Test
    void directivesAreReadFromLineCommentsOnly() {
        Directives d = Directives.of(SqlScript.parse("""
                -- cutover:lock-timeout 2s
                -- cutover:requires-backfill users_email_normalized (filled by the workers)
                -- cutover:ignore drop-column the column was unused since release 12
                CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$
                -- cutover:lock-timeout 9s
                SELECT 1 $$;
                /* cutover:statement-timeout 1h */
                """));
        assertThat(d.lockTimeout()).contains(Duration.ofSeconds(2));
        assertThat(d.statementTimeout()).isEmpty();
        assertThat(d.requiredBackfills()).containsExactly("users_email_normalized");
        assertThat(d.suppressions()).containsExactly(
                new Directives.Suppression("drop-column", "the column was unused since release 12", 3));
    }

    @Test
    void anUnknownDirectiveOrABadValueNamesItsLine() {
        assertThatThrownBy(() -> Directives.of(SqlScript.parse("SELECT 1;\n-- cutover:lock-timout 2s\n")).requireKnown())
                .hasMessageContaining("unknown directive '-- cutover:lock-timout' on line 2");
        assertThatThrownBy(() -> Directives.of(SqlScript.parse("-- cutover:lock-timeout soon\nSELECT 1;")).lockTimeout())
                .hasMessageContaining("line 1");
    }
}
