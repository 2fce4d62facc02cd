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
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
