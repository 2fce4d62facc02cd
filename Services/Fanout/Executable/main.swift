import Logging
import NotificationFanout
import ServiceKit

let configuration = ServiceRunner.loadConfiguration(service: "messaging-fanout") { try FanoutConfiguration(EnvironmentReader()) }
let registry = ObservabilitySetup.bootstrap(configuration.common)
var logger = Logger(label: "messaging-fanout")
logger[metadataKey: "instance"] = "\(configuration.common.instanceID)"
let app = buildFanoutApplication(configuration: configuration, registry: registry, logger: logger)
try await app.runService()
