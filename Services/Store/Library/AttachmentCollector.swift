import Foundation
import Logging
import Metrics
import MessagingDatabase
import ServiceLifecycle

/// Removes files nobody can reach: uploads no message named within `ATTACHMENT_UNSENT_TTL_MS`,
/// and the files of deleted messages. The row goes first, only if it is still collectable (a
/// send that took the upload meanwhile keeps it), then the bytes. Safe to run on every store
/// instance at once.
struct AttachmentCollector: Service {
    let database: any Database
    let storage: any AttachmentStorage
    let configuration: AttachmentConfiguration
    let logger: Logger
    let batch = 500
    private let collected = Counter(label: "store_attachments_collected_total")

    init(database: any Database, storage: any AttachmentStorage, configuration: AttachmentConfiguration, logger: Logger) {
        self.database = database
        self.storage = storage
        self.configuration = configuration
        self.logger = logger
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                while try await collectOnce() == batch {}
            } catch {
                logger.warning("attachment collection failed: will try again", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.collectInterval) }
        }
    }

    /// One pass; how many uploads it looked at.
    func collectOnce(now: Date = Date()) async throws -> Int {
        let repository = StoreRepository(executor: database)
        let cutoff = now - configuration.unsentLifetime / .seconds(1)
        let candidates = try await repository.collectableUploads(unsentBefore: cutoff, limit: batch)
        for upload in candidates where try await repository.forgetUpload(upload.id, unsentBefore: cutoff) {
            do {
                try await storage.delete(upload.storageKey)
                collected.increment()
                logger.info(
                    "attachment collected",
                    metadata: ["attachment.id": "\(upload.id)", "reason": "\(upload.orphanedAt == nil ? "never sent" : "message deleted")"])
            } catch {
                logger.error("attachment forgotten but its file could not be removed", metadata: ["key": "\(upload.storageKey)", "error": "\(error)"])
            }
        }
        return candidates.count
    }
}
