import ServiceKit

ServiceRunner.exitAsNotImplemented(service: "messaging-store", shortName: "store", defaultPort: 8082, landsWith: "the message store lands with issue #5")
