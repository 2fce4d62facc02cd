import ServiceKit

ServiceRunner.exitAsNotImplemented(service: "messaging-auth", shortName: "auth", defaultPort: 8081, landsWith: "the auth/token service lands with issue #4")
