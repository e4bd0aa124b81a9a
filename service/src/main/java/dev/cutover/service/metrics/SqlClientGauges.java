package dev.cutover.service.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.micrometer.runtime.MeterRegistryCustomizer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Leaves out the PostgreSQL client's gauges of requests in flight and queued, which would report one connection only.
 *
 * <p>Why: Vert.x creates a client's metrics once per connection, and Quarkus registers each connection's gauges under
 * the same name and tags. Micrometer keeps the first connection's gauge, ignores the others and logs a WARN when the
 * second connection opens. The client's timers and counters are shared by all connections and stay, and the pool's
 * gauges ({@code sql_pool_active}, {@code sql_pool_queue_size}) count every connection.
 */
@Singleton
public class SqlClientGauges {

    private static final Set<String> PER_CONNECTION = Set.of("queue.size", "current");

    @Produces
    @Singleton
    MeterFilter dropPerConnectionGauges() {
        return MeterFilter.deny(SqlClientGauges::isPerConnectionGauge);
    }

    /**
     * Removes the gauges a connection registered before the filter above was in place (Hibernate Reactive connects
     * while Quarkus starts, before it configures the registries), so the next connection's are denied, not duplicates.
     */
    @Produces
    @Singleton
    MeterRegistryCustomizer forgetEarlyPerConnectionGauges() {
        return registry -> registry.getMeters().stream().filter(meter -> isPerConnectionGauge(meter.getId()))
                .toList().forEach(registry::remove);
    }

    static boolean isPerConnectionGauge(Meter.Id id) {
        if (id.getType() != Meter.Type.GAUGE || !"sql".equals(id.getTag("clientType"))) {
            return false;
        }
        return PER_CONNECTION.stream().anyMatch(suffix -> id.getName().endsWith("." + suffix));
    }
}
