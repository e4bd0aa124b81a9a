package dev.cutover.migrations.seed.internal;

import dev.cutover.migrations.seed.TemplateUser;
import java.sql.Connection;
import java.util.List;

/**
 * The FastAPI template's {@code "user"} and {@code item} tables for {@link EmptyTableLoad}: users first, then a
 * second pass over the same seeded users for their items (generating a user twice costs less than holding two
 * million items in memory). The template has no trigger and no default to adjust: each user's hash (bcrypt or
 * Argon2, as its history says) goes in the stream.
 */
public final class TemplateBulkCopy implements EmptyTableLoad.Target {

    /** The tables, as SQL names them, in the order they are loaded. */
    public static final List<String> TABLES = List.of("\"user\"", "item");

    private final TemplateGenerator generator;
    private final String bcrypt;
    private final String argon2;

    public TemplateBulkCopy(TemplateGenerator generator, String bcrypt, String argon2) {
        this.generator = generator;
        this.bcrypt = bcrypt;
        this.argon2 = argon2;
    }

    @Override
    public List<EmptyTableLoad.Copy> prepare(Connection connection) {
        return List.of(
                copy("COPY \"user\" (email, is_active, is_superuser, full_name, hashed_password, id, created_at)"
                        + " FROM STDIN WITH (FORMAT binary, FREEZE)", (n, out) -> {
                            TemplateUser user = generator.user(n);
                            out.row(7).text(user.email()).bool(user.active()).bool(false).text(user.fullName())
                                    .text(user.bcrypt() ? bcrypt : argon2).uuid(user.id()).timestamp(user.createdAt());
                            return 1;
                        }),
                copy("COPY item (description, title, id, owner_id, created_at) FROM STDIN WITH (FORMAT binary, FREEZE)",
                        (n, out) -> {
                            TemplateUser user = generator.user(n);
                            for (TemplateUser.Item item : user.items()) {
                                out.row(5).text(item.description()).text(item.title()).uuid(item.id())
                                        .uuid(user.id()).timestamp(item.createdAt());
                            }
                            return user.items().size();
                        }));
    }

    /** Writes the rows of seeded user {@code n}. */
    @FunctionalInterface
    private interface Rows {
        int write(long n, CopyBinary out);
    }

    private static EmptyTableLoad.Copy copy(String sql, Rows rows) {
        return new EmptyTableLoad.Copy() {
            @Override
            public String sql() {
                return sql;
            }

            @Override
            public int rows(long n, CopyBinary out) {
                return rows.write(n, out);
            }

            @Override
            public void restore(Connection connection) {
            }
        };
    }
}
