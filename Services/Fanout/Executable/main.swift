import Foundation
import Logging
import NotificationFanout
import ServiceKit

// `messaging-fanout generate-vapid-keys`: a Web Push key pair for the fan-out and the store.
if CommandLine.arguments.dropFirst().first == "generate-vapid-keys" {
    let pair = VAPIDSigner.newKeyPair()
    print("VAPID_PRIVATE_KEY=\(pair.privateKey)\nVAPID_PUBLIC_KEY=\(pair.publicKey)")
    exit(0)
}

let configuration = ServiceRunner.loadConfiguration(service: "messaging-fanout") { try FanoutConfiguration(EnvironmentReader()) }
ServiceRunner.runTasksOnEventLoops(threads: configuration.common.eventLoopThreads)
let registry = ObservabilitySetup.bootstrap(configuration.common)
let tracing = await ServiceRunner.prepare(service: "messaging-fanout") { try TracingSetup.bootstrap(service: "messaging-fanout", environment: EnvironmentReader()) }
var logger = Logger(label: "messaging-fanout")
logger[metadataKey: "instance"] = "\(configuration.common.instanceID)"
let app = buildFanoutApplication(configuration: configuration, registry: registry, logger: logger)
// The tracer starts first and stops last: the final spans are exported.
try await ServiceRunner.run([tracing].compactMap { $0 } + [app], logger: logger)
