import Foundation
import Instrumentation
import Logging
import OTel
public import ServiceLifecycle
import Tracing

/// OpenTelemetry traces, exported over OTLP/HTTP (protobuf) when an endpoint is configured —
/// `OTEL_EXPORTER_OTLP_ENDPOINT` (`/v1/traces` is appended) or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
/// — and off otherwise (no span is made). The other `OTEL_*` variables of the specification apply
/// (`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`, `OTEL_BSP_SCHEDULE_DELAY`,
/// `OTEL_RESOURCE_ATTRIBUTES`, …); the default sampler follows the parent's decision and samples
/// every new trace (`parentbased_always_on`). Context travels as W3C trace context: `traceparent`
/// headers on HTTP, and a `traceparent` member in the command, event and broadcast envelopes.
public enum TracingSetup {
    /// Bootstraps the process's tracer when an endpoint is configured; the service to run first
    /// (it flushes the last spans when it stops), else `nil`.
    public static func bootstrap(service: String, environment: EnvironmentReader) throws -> (any Service)? {
        guard environment.optionalString("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ?? environment.optionalString("OTEL_EXPORTER_OTLP_ENDPOINT") != nil
        else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = environment.string("OTEL_SERVICE_NAME", default: service)
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.propagators = [.traceContext]
        configuration.diagnosticLogLevel = .warning
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }
}
