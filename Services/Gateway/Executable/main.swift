import MessagingGateway
import Logging
import ServiceKit

let configuration = ServiceRunner.loadConfiguration(service: "messaging-gateway") { try GatewayConfiguration(EnvironmentReader()) }
ServiceRunner.runTasksOnEventLoops(threads: configuration.common.eventLoopThreads)
let registry = ObservabilitySetup.bootstrap(configuration.common)
let tracing = await ServiceRunner.prepare(service: "messaging-gateway") { try TracingSetup.bootstrap(service: "messaging-gateway", environment: EnvironmentReader()) }
var logger = Logger(label: "messaging-gateway")
logger[metadataKey: "instance"] = "\(configuration.common.instanceID)"
let services = await ServiceRunner.prepare(service: "messaging-gateway") { try await buildGatewayServices(configuration: configuration, registry: registry, logger: logger) }
try await ServiceRunner.run([tracing].compactMap { $0 } + services, logger: logger)
