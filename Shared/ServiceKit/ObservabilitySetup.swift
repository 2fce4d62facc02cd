import Logging
import Metrics
public import Prometheus

/// Process-wide logging and metrics set-up, called once from each executable's `main`.
///
/// swift-log and swift-metrics are bootstrapped once per process by design; everything else
/// receives its `Logger` and the `PrometheusCollectorRegistry` through initialisers.
public enum ObservabilitySetup {
    /// Bootstraps logging in the configured format and level, and metrics into a new Prometheus
    /// registry, which is returned for the `/metrics` route.
    public static func bootstrap(_ configuration: CommonConfiguration) -> PrometheusCollectorRegistry {
        let level = configuration.logLevel
        switch configuration.logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Durations users feel start at a millisecond (a send's ack on a quiet stack): finer low
        // buckets than the library's 5 ms first one.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .microseconds(2_500_000), .seconds(5), .seconds(10),
            .seconds(30),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }
}
