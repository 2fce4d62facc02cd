import Foundation

/// The executables `swift build` made, beside the test bundle.
public enum BuiltProducts {
    /// The path of an executable product (e.g. `messaging-auth`), or an error saying to build first.
    public static func path(_ name: String) throws -> String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The runner may sit inside the .xctest bundle.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let fallback = FileManager.default.currentDirectoryPath + "/.build/debug/" + name
        if FileManager.default.isExecutableFile(atPath: fallback) { return fallback }
        throw TestServerError("\(name) is not built: run `swift build` (deploy/test.sh does) before the tests")
    }
}
