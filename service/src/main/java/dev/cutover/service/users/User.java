package dev.cutover.service.users;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.DynamicUpdate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code users}. Hibernate writes it; the hot reads map rows into it directly (see {@link UserRepository}). */
@Entity
@Table(name = "users")
// Only the columns a change touched are written, so concurrent updates of different fields do not undo each other.
@DynamicUpdate
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    // text, as V1 creates them (lengths are CHECK constraints): so dev mode's schema validation finds what it expects.
    @Column(nullable = false, columnDefinition = "text")
    public String email;

    @Column(name = "hashed_password", nullable = false, columnDefinition = "text")
    public String hashedPassword;

    @Column(name = "full_name", columnDefinition = "text")
    public String fullName;

    @Column(name = "is_active", nullable = false)
    public boolean isActive = true;

    @Column(name = "is_superuser", nullable = false)
    public boolean isSuperuser;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    /**
     * {@code users.token_version} as the reads saw it (0 before V11 or while NULL). Never written by Hibernate: the
     * database moves it on (V11's trigger), and the entity must load on schemas without the column.
     */
    @Transient
    public int tokenVersion;
}
