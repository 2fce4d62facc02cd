// swift-tools-version: 6.1
import PackageDescription

/// The settings every target shares.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "inkstudio-messaging",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "messaging-gateway", targets: ["GatewayMain"]),
        .executable(name: "messaging-auth", targets: ["AuthMain"]),
        .executable(name: "messaging-store", targets: ["StoreMain"]),
        .executable(name: "messaging-fanout", targets: ["FanoutMain"]),
        .executable(name: "messaging-admin", targets: ["MessagingAdmin"]),
        .executable(name: "redis-benchmark-swift", targets: ["RedisBenchmark"]),
        .executable(name: "store-benchmark", targets: ["StoreBenchmark"]),
        .executable(name: "gateway-benchmark", targets: ["GatewayBenchmark"]),
        .library(name: "MessagingProtocol", targets: ["MessagingProtocol"]),
        .library(name: "MessagingRedis", targets: ["MessagingRedis"]),
        .library(name: "ServiceKit", targets: ["ServiceKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // OTLP over HTTP only (the gRPC exporter would bring grpc-swift).
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // MARK: Shared modules

        .target(
            name: "JSONCoding",
            path: "Shared/JSONCoding",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MessagingProtocol",
            dependencies: ["JSONCoding"],
            path: "Shared/MessagingProtocol",
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CHiredis",
            path: "Shared/CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "MessagingRedis",
            dependencies: [
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/MessagingRedis",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MessagingDatabase",
            dependencies: [
                "JSONCoding",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/MessagingDatabase",
            swiftSettings: swiftSettings
        ),
        // ServiceKit: what every service runs on (configuration, logging, metrics, health and the
        // HTTP edge); TokenVerification and StreamConsumer only where a service needs them.
        .target(
            name: "ServiceKit",
            dependencies: [
                "JSONCoding", "MessagingProtocol", "MessagingRedis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TokenVerification",
            dependencies: [
                "ServiceKit", "JSONCoding", "MessagingProtocol", "MessagingRedis",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/TokenVerification",
            swiftSettings: swiftSettings
        ),
        // WebPush: browsers' push subscriptions, kept by the store and read by the fan-out.
        .target(
            name: "WebPush",
            dependencies: ["ServiceKit", "MessagingProtocol", "MessagingRedis", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/WebPush",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StreamConsumer",
            dependencies: [
                "ServiceKit", "MessagingRedis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/StreamConsumer",
            swiftSettings: swiftSettings
        ),

        // MARK: Services (a library each, and a tiny executable)

        // MARK: The socket gateway, in three layers: Engine.IO ← Socket.IO ← the messaging gateway

        .target(
            name: "EngineIO",
            dependencies: [
                "JSONCoding",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Gateway/EngineIO",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SocketIO",
            dependencies: [
                "EngineIO", "JSONCoding",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Gateway/SocketIO",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MessagingGateway",
            dependencies: [
                "EngineIO", "SocketIO", "ServiceKit", "TokenVerification", "JSONCoding", "MessagingProtocol", "MessagingRedis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Services/Gateway/Messaging",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "GatewayMain",
            dependencies: ["MessagingGateway", "ServiceKit", .product(name: "Logging", package: "swift-log")],
            path: "Services/Gateway/Executable",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthService",
            dependencies: [
                "ServiceKit", "TokenVerification", "JSONCoding", "MessagingProtocol", "MessagingRedis", "MessagingDatabase",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Services/Auth/Library",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AuthMain",
            dependencies: ["AuthService", "ServiceKit", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            path: "Services/Auth/Executable",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MessageStore",
            dependencies: [
                "ServiceKit", "TokenVerification", "StreamConsumer", "JSONCoding", "MessagingProtocol", "MessagingRedis", "MessagingDatabase", "WebPush",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Services/Store/Library",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "StoreMain",
            dependencies: ["MessageStore", "ServiceKit", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            path: "Services/Store/Executable",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "NotificationFanout",
            dependencies: [
                "ServiceKit", "StreamConsumer", "JSONCoding", "MessagingProtocol", "MessagingRedis", "WebPush",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Fanout/Library",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FanoutMain",
            dependencies: ["NotificationFanout", "ServiceKit", .product(name: "Logging", package: "swift-log")],
            path: "Services/Fanout/Executable",
            swiftSettings: swiftSettings
        ),

        // The operators' tool: streams, dead letters, signing keys, users, conversations.
        .executableTarget(
            name: "MessagingAdmin",
            dependencies: [
                "AuthService", "MessageStore", "NotificationFanout", "MessagingDatabase", "MessagingProtocol", "MessagingRedis", "TokenVerification",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Admin/Executable",
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks

        .executableTarget(
            name: "RedisBenchmark",
            dependencies: [
                "MessagingRedis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Benchmarks/RedisBenchmark",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "StoreBenchmark",
            dependencies: [
                "MessagingRedis", "MessagingProtocol", "ServiceKit", "TestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Benchmarks/StoreBenchmark",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "GatewayBenchmark",
            dependencies: [
                "MessagingRedis", "MessagingProtocol", "ServiceKit", "TestSupport", "SocketIO",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Benchmarks/GatewayBenchmark",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests

        .target(
            name: "TestSupport",
            dependencies: [
                "MessagingRedis", "JSONCoding", "MessagingProtocol", "ServiceKit", "TokenVerification",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingProtocolTests",
            dependencies: ["MessagingProtocol", "JSONCoding"],
            path: "Tests/MessagingProtocolTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EngineIOTests",
            dependencies: ["EngineIO", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/EngineIOTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SocketIOTests",
            dependencies: ["SocketIO", "EngineIO", "JSONCoding", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/SocketIOTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingGatewayTests",
            dependencies: [
                "MessagingGateway", "SocketIO", "EngineIO", "MessagingProtocol", "MessagingRedis", "ServiceKit", "TokenVerification", "TestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/MessagingGatewayTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingRedisTests",
            dependencies: ["MessagingRedis", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/MessagingRedisTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingDatabaseTests",
            dependencies: ["MessagingDatabase"],
            path: "Tests/MessagingDatabaseTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessageStoreTests",
            dependencies: ["MessageStore", "MessagingProtocol", "MessagingDatabase", .product(name: "Logging", package: "swift-log")],
            path: "Tests/MessageStoreTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FanoutTests",
            dependencies: ["NotificationFanout", "MessagingProtocol", "WebPush", "ServiceKit"],
            path: "Tests/FanoutTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: ["ServiceKit", "TokenVerification", "StreamConsumer", "MessagingRedis"],
            path: "Tests/ServiceKitTests",
            swiftSettings: swiftSettings
        ),

        // Real servers on free loopback ports (redis-server, PostgreSQL, the built executables):
        // every test that needs one lives here, apart from the unit targets above.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "TestSupport", "ServiceKit", "TokenVerification", "StreamConsumer", "JSONCoding", "MessagingProtocol", "MessagingRedis",
                "MessagingDatabase", "AuthService", "MessageStore", "NotificationFanout", "WebPush",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/IntegrationTests",
            swiftSettings: swiftSettings
        ),
    ]
)
