package dev.cutover.service;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.eclipse.microprofile.config.ConfigProvider;

/** Starts the service; in production, refuses to start without a database rather than with a generic error. */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (LaunchMode.current() == LaunchMode.NORMAL && ConfigProvider.getConfig()
                .getOptionalValue("quarkus.datasource.reactive.url", String.class).isEmpty()) {
            System.err.println("cutover-service: DATABASE_URL is not set. The production profile has no database "
                    + "fallback: set DATABASE_URL=postgresql://user:password@host:5432/db "
                    + "(or quarkus.datasource.reactive.url).");
            System.exit(2);
        }
        Quarkus.run(args);
    }
}
