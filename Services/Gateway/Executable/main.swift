import MessagingGateway
import Logging
import ServiceKit

let configuration = ServiceRunner.loadConfiguration(service: "messaging-gateway") { try GatewayConfiguration(EnvironmentReader()) }
let registry = ObservabilitySetup.bootstrap(configuration.common)
var logger = Logger(label: "messaging-gateway")
logger[metadataKey: "instance"] = "\(configuration.common.instanceID)"
let services = await ServiceRunner.prepare(service: "messaging-gateway") { try await buildGatewayServices(configuration: configuration, registry: registry, logger: logger) }
try await ServiceRunner.run(services, logger: logger)
