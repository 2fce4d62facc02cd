import Hummingbird
import Logging
import MessageStore
import ServiceKit

let configuration = ServiceRunner.loadConfiguration(service: "messaging-store") { try StoreConfiguration(EnvironmentReader()) }
ServiceRunner.runTasksOnEventLoops(threads: configuration.common.eventLoopThreads)
let registry = ObservabilitySetup.bootstrap(configuration.common)
let tracing = await ServiceRunner.prepare(service: "messaging-store") { try TracingSetup.bootstrap(service: "messaging-store", environment: EnvironmentReader()) }
var logger = Logger(label: "messaging-store")
logger[metadataKey: "instance"] = "\(configuration.common.instanceID)"
let app = await ServiceRunner.prepare(service: "messaging-store") { try await buildStoreApplication(configuration: configuration, registry: registry, logger: logger) }
// The tracer starts first and stops last: the final spans are exported.
try await ServiceRunner.run([tracing].compactMap { $0 } + [app], logger: logger)
