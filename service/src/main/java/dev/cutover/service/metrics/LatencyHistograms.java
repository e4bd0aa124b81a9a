package dev.cutover.service.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Publishes HTTP request latency as a histogram ({@code http_server_requests_seconds_bucket}), so Prometheus can compute
 * a p99 across all pods; the alert on slow requests during a migration (infra/monitoring/alerts.yaml) reads it.
 */
@Singleton
public class LatencyHistograms {

    @Produces
    @Singleton
    MeterFilter httpServerRequestHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if ("http.server.requests".equals(id.getName())) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
                }
                return config;
            }
        };
    }
}
