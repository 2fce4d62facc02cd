import ServiceKit

ServiceRunner.exitAsNotImplemented(service: "messaging-fanout", shortName: "fanout", defaultPort: 8083, landsWith: "the notification fan-out lands with issue #6")
