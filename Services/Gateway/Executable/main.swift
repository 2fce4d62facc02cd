import ServiceKit

ServiceRunner.exitAsNotImplemented(service: "messaging-gateway", shortName: "gateway", defaultPort: 8090, landsWith: "the Socket.IO gateway lands with issue #3")
