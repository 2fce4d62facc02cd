import Instrumentation
public import ServiceContextModule
import Tracing

/// W3C trace context across Redis: the `traceparent` of a context, written into an envelope, and
/// the context read back from one (through the process's instrument; nothing when tracing is off).
public enum TraceParent {
    /// The current task's trace context as a `traceparent` value, if there is one.
    public static func current() -> String? {
        guard let context = ServiceContext.current else { return nil }
        return of(context)
    }

    /// A context's `traceparent`, if it carries a span.
    public static func of(_ context: ServiceContext) -> String? {
        var carrier = [String: String]()
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier["traceparent"]
    }

    /// The context a `traceparent` names (empty when there is none, or tracing is off).
    public static func context(_ traceParent: String?) -> ServiceContext {
        var context = ServiceContext.topLevel
        guard let traceParent else { return context }
        InstrumentationSystem.instrument.extract(["traceparent": traceParent], into: &context, using: DictionaryExtractor())
        return context
    }

    struct DictionaryInjector: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
    }

    struct DictionaryExtractor: Extractor {
        func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    }
}
