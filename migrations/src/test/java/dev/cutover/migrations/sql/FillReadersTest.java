package dev.cutover.migrations.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The readers that say who fills a column: a backfill file's SET list, a trigger's events, a trigger function's body. */
class FillReadersTest {

    private static SqlStatement statement(String sql) {
        return SqlScript.parse(sql).statements().get(0);
    }

    @Test
    void aBackfillFillsTheColumnsOfItsSetList() {
        BackfillFile file = BackfillFile.parse(new MigrationFile("x/backfill/users_names.sql", """
                -- cutover:backfill table=public.users key=id
                UPDATE ONLY users u SET display_name = coalesce(u.full_name, ''), (first_name, "Last") = (SELECT a, b
                    FROM split(u.full_name) WHERE true)
                WHERE id > $from AND id <= $to;"""));
        assertThat(file.name()).isEqualTo("users_names");
        assertThat(file.key()).isEqualTo("id");
        assertThat(file.filledColumns()).containsExactly("display_name", "first_name", "Last");
        assertThat(BackfillFile.parse(new MigrationFile("b/other.sql", """
                -- cutover:backfill table=users key=id
                DELETE FROM users WHERE id > $from AND id <= $to""")).filledColumns()).isEmpty();
        assertThatThrownBy(() -> BackfillFile.parse(new MigrationFile("b/none.sql", "UPDATE users SET a = 1")))
                .hasMessageContaining("header");
    }

    @Test
    void aTriggerSaysWhichWritesRunIt() {
        CreateTrigger partial = CreateTrigger.of(statement("""
                CREATE OR REPLACE TRIGGER users_email_normalized BEFORE INSERT OR UPDATE OF email, "Name" ON public.users
                    FOR EACH ROW EXECUTE FUNCTION users_set_email_normalized()"""));
        assertThat(partial.table()).isEqualTo("users");
        assertThat(partial.updateOf()).containsExactly("email", "Name");
        assertThat(partial.function()).isEqualTo("users_set_email_normalized");
        assertThat(partial.onInsert()).isTrue();
        assertThat(partial.beforeEveryUpdate()).isFalse();

        assertThat(CreateTrigger.of(statement("CREATE TRIGGER t BEFORE UPDATE OR INSERT ON users FOR EACH ROW "
                + "EXECUTE PROCEDURE f()")).beforeEveryUpdate()).isTrue();
        assertThat(CreateTrigger.of(statement("CREATE TRIGGER t BEFORE UPDATE ON users EXECUTE FUNCTION f()"))
                .beforeEveryUpdate()).as("a statement-level trigger has no NEW row").isFalse();
        assertThat(CreateTrigger.of(statement("CREATE TRIGGER t AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f()"))
                .changesRows()).isFalse();
        assertThat(CreateTrigger.of(statement("CREATE TABLE t (id int)"))).isNull();
    }

    @Test
    void aTriggerFunctionFillsTheColumnsItAssignsThroughNew() {
        TriggerFunction f = TriggerFunction.of(statement("""
                CREATE OR REPLACE FUNCTION public.fill() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    IF NEW.email = OLD.email THEN
                        NEW.checked_at := now();
                    ELSE
                        new.email_normalized = lower(NEW.email);
                    END IF;
                    RETURN NEW;
                END
                $body$"""));
        assertThat(f.name()).isEqualTo("fill");
        assertThat(f.assignedColumns()).containsExactlyInAnyOrder("checked_at", "email_normalized");
        assertThat(TriggerFunction.of(statement("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS "
                + "'BEGIN NEW.a := ''x''; RETURN NEW; END'")).assignedColumns()).containsExactly("a");
        assertThat(TriggerFunction.of(statement("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'"))).isNull();
    }
}
