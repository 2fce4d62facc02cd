import AuthService
import Hummingbird
import Logging
import ServiceKit

let configuration = ServiceRunner.loadConfiguration(service: "messaging-auth") { try AuthConfiguration(EnvironmentReader()) }
let registry = ObservabilitySetup.bootstrap(configuration.common)
var logger = Logger(label: "messaging-auth")
logger[metadataKey: "instance"] = "\(configuration.common.instanceID)"
let app = await ServiceRunner.prepare(service: "messaging-auth") { try await buildAuthApplication(configuration: configuration, registry: registry, logger: logger) }
try await app.runService()
