import AuthService
import Hummingbird
import Logging
import ServiceKit

let configuration = ServiceRunner.loadConfiguration(service: "messaging-auth") { try AuthConfiguration(EnvironmentReader()) }
ServiceRunner.useEventLoopThreads(configuration.common.eventLoopThreads)
let registry = ObservabilitySetup.bootstrap(configuration.common)
let tracing = await ServiceRunner.prepare(service: "messaging-auth") { try TracingSetup.bootstrap(service: "messaging-auth", environment: EnvironmentReader()) }
var logger = Logger(label: "messaging-auth")
logger[metadataKey: "instance"] = "\(configuration.common.instanceID)"
let app = await ServiceRunner.prepare(service: "messaging-auth") { try await buildAuthApplication(configuration: configuration, registry: registry, logger: logger) }
// The tracer starts first and stops last: the final spans are exported.
try await ServiceRunner.run([tracing].compactMap { $0 } + [app], logger: logger)
