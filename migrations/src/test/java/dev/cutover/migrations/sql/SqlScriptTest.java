package dev.cutover.migrations.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Statement splitting and line numbers on the quoting forms PostgreSQL has. */
class SqlScriptTest {

    @Test
    void splitsOnlyAtTopLevelSemicolonsAndKeepsStartLines() {
        SqlScript script = SqlScript.parse("""
                CREATE FUNCTION a() RETURNS int LANGUAGE plpgsql AS $fn$
                BEGIN
                    RETURN 1; -- a ; in a body
                END
                $fn$;
                SELECT 'x;y', E'\\';', "a;b", $$;$$ /* ; */ ;

                CREATE FUNCTION b() RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                    SELECT CASE WHEN true THEN 1 END;
                    SELECT 2;
                END;
                DO $$ BEGIN PERFORM 1; END $$
                """);
        assertThat(script.statements()).extracting(SqlStatement::line).containsExactly(1, 6, 8, 13);
        assertThat(script.statements().get(2).lastLine()).isEqualTo(12);
        assertThat(script.comments()).extracting(SqlTokenizer.Comment::line).containsExactly(6); // the "--" on line 3 is inside the function body
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        SqlScript script = SqlScript.parse("PREPARE p AS SELECT $1 + $2; SELECT 1;");
        assertThat(script.statements()).hasSize(2);
    }

    @Test
    void unterminatedFormsNameTheirStartLine() {
        assertThatThrownBy(() -> SqlScript.parse("SELECT 1;\nSELECT \"open"))
                .hasMessage("unterminated quoted identifier starting on line 2");
        assertThatThrownBy(() -> SqlScript.parse("\n\n/* /* */"))
                .hasMessage("unterminated /* comment starting on line 3");
    }
}
