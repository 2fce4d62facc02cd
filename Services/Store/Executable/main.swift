import Hummingbird
import Logging
import MessageStore
import ServiceKit

let configuration = ServiceRunner.loadConfiguration(service: "messaging-store") { try StoreConfiguration(EnvironmentReader()) }
let registry = ObservabilitySetup.bootstrap(configuration.common)
var logger = Logger(label: "messaging-store")
logger[metadataKey: "instance"] = "\(configuration.common.instanceID)"
let app = await ServiceRunner.prepare(service: "messaging-store") { try await buildStoreApplication(configuration: configuration, registry: registry, logger: logger) }
try await app.runService()
