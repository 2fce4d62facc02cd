import MessagingDatabase

/// The message store's schema, the same in PostgreSQL and SQLite (times in milliseconds since 1970).
enum StoreMigrations {
    static let all: [Migration] = [
        Migration(
            id: "store-0001-conversations",
            statements: [
                """
                CREATE TABLE IF NOT EXISTS conversations (
                    id TEXT PRIMARY KEY,
                    subject TEXT,
                    appointment_id TEXT,
                    created_at BIGINT NOT NULL,
                    last_seq BIGINT NOT NULL DEFAULT 0,
                    last_message_at BIGINT
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS participants (
                    conversation_id TEXT NOT NULL REFERENCES conversations (id),
                    user_id TEXT NOT NULL,
                    last_read_seq BIGINT NOT NULL DEFAULT 0,
                    joined_at BIGINT NOT NULL,
                    PRIMARY KEY (conversation_id, user_id)
                )
                """,
                "CREATE INDEX IF NOT EXISTS participants_by_user ON participants (user_id)",
                """
                CREATE TABLE IF NOT EXISTS messages (
                    id TEXT PRIMARY KEY,
                    conversation_id TEXT NOT NULL REFERENCES conversations (id),
                    seq BIGINT NOT NULL,
                    sender_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    content TEXT NOT NULL,
                    attachments TEXT NOT NULL,
                    client_message_id TEXT,
                    request_id TEXT,
                    created_at BIGINT NOT NULL,
                    read_at BIGINT,
                    UNIQUE (conversation_id, seq)
                )
                """,
                "CREATE UNIQUE INDEX IF NOT EXISTS messages_by_client_id ON messages (sender_id, client_message_id)",
                "CREATE UNIQUE INDEX IF NOT EXISTS messages_by_request ON messages (request_id)",
                """
                CREATE TABLE IF NOT EXISTS users (
                    id TEXT PRIMARY KEY,
                    role TEXT NOT NULL,
                    first_name TEXT,
                    last_name TEXT,
                    salon_name TEXT,
                    image TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
            ]),
        Migration(
            id: "store-0002-unread-counters",
            statements: [
                // Kept in the transactions that change it, so an unread count is one row read.
                "ALTER TABLE participants ADD COLUMN unread_count BIGINT NOT NULL DEFAULT 0"
            ]),
        // The insert of a batch of messages, lighter by a third on PostgreSQL: no per-row foreign-key
        // check (the inserting transaction locks each message's conversation row to reserve its
        // `seq` — that is what proves the conversation exists — and conversations are never deleted),
        // and client message ids indexed only where there is one. SQLite has one writer and keeps
        // its foreign key (dropping one means rebuilding the table).
        Migration(
            id: "store-0003-lighter-message-insert",
            postgres: [
                "ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_conversation_id_fkey",
                "DROP INDEX IF EXISTS messages_by_client_id",
                "CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_id, client_message_id) WHERE client_message_id IS NOT NULL",
            ],
            sqlite: [
                "DROP INDEX IF EXISTS messages_by_client_id",
                "CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_id, client_message_id) WHERE client_message_id IS NOT NULL",
            ]),
        // Unread counts without a write per recipient: a participant's count is the conversation's
        // `last_seq` minus the participant's `unread_base`, which moves only with that participant's
        // own sends (by as many) and reads (up to `last_seq`). A send writes one row for its sender,
        // whatever the room's size; the counters of the others follow from `last_seq`. The counter
        // column and the watermark nothing read go.
        Migration(
            id: "store-0004-unread-base",
            statements: [
                "ALTER TABLE participants ADD COLUMN unread_base BIGINT NOT NULL DEFAULT 0",
                """
                UPDATE participants SET unread_base =
                    (SELECT c.last_seq FROM conversations c WHERE c.id = participants.conversation_id) - unread_count
                """,
                "ALTER TABLE participants DROP COLUMN unread_count",
                "ALTER TABLE participants DROP COLUMN last_read_seq",
            ]),
        // A `clientMessageId` is unique per sender *and conversation*: the same id reused in another
        // conversation is a new message there, not a retry answered with the first one (which lost it).
        Migration(
            id: "store-0005-client-id-per-conversation",
            statements: [
                "DROP INDEX IF EXISTS messages_by_client_id",
                "CREATE UNIQUE INDEX messages_by_client_id ON messages (conversation_id, sender_id, client_message_id) WHERE client_message_id IS NOT NULL",
            ]),
        // Edits and deletes: when a message was last edited, and when it became a tombstone.
        Migration(
            id: "store-0006-edits-and-deletes",
            statements: [
                "ALTER TABLE messages ADD COLUMN edited_at BIGINT",
                "ALTER TABLE messages ADD COLUMN deleted_at BIGINT",
            ]),
        // Exact client caches: each conversation counts its changes (edits, deletes, reactions) and
        // each changed message keeps the number of its latest change, so `GET …/changes?since=` finds
        // what changed after a version (`<last seq>.<change count>`) by index.
        Migration(
            id: "store-0007-change-versions",
            statements: [
                "ALTER TABLE conversations ADD COLUMN change_count BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE messages ADD COLUMN change_version BIGINT",
                "CREATE INDEX messages_by_change ON messages (conversation_id, change_version) WHERE change_version IS NOT NULL",
            ]),
        // Reactions: one row per message, user and emoji (so once each), read back by message.
        Migration(
            id: "store-0008-reactions",
            statements: [
                """
                CREATE TABLE reactions (
                    message_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    emoji TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (message_id, user_id, emoji)
                )
                """
            ]),
        // Search, case- and accent-insensitive: on PostgreSQL a GIN index over the unaccented words of
        // every message that is not a tombstone (`unaccent` is a trusted extension: the database's
        // owner may create it); on SQLite an FTS5 index (unicode61, diacritics removed) over the
        // same, kept in step with inserts, edits and deletes by triggers.
        Migration(
            id: "store-0009-search",
            postgres: [
                "CREATE EXTENSION IF NOT EXISTS unaccent",
                """
                CREATE OR REPLACE FUNCTION inkstudio_search_vector(text) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$ SELECT to_tsvector('simple'::regconfig, public.unaccent('public.unaccent'::regdictionary, $1)) $$
                """,
                "CREATE INDEX messages_search ON messages USING gin (inkstudio_search_vector(content)) WHERE deleted_at IS NULL",
            ],
            sqlite: [
                "CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
                "INSERT INTO messages_fts (rowid, content) SELECT rowid, content FROM messages WHERE deleted_at IS NULL",
                """
                CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.deleted_at IS NULL BEGIN
                    INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
                END
                """,
                """
                CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, deleted_at ON messages BEGIN
                    INSERT INTO messages_fts (messages_fts, rowid, content) SELECT 'delete', old.rowid, old.content WHERE old.deleted_at IS NULL;
                    INSERT INTO messages_fts (rowid, content) SELECT new.rowid, new.content WHERE new.deleted_at IS NULL;
                END
                """,
                """
                CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.deleted_at IS NULL BEGIN
                    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
                END
                """,
            ]),
        // Uploads: a row per file, linked to the message that carries it once sent; an upload
        // never sent, or whose message was deleted (`orphaned_at`), is collected with its file.
        Migration(
            id: "store-0010-attachments",
            statements: [
                """
                CREATE TABLE attachments (
                    id TEXT PRIMARY KEY,
                    uploader_id TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    mime_type TEXT NOT NULL,
                    file_size BIGINT NOT NULL,
                    storage_key TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    message_id TEXT,
                    conversation_id TEXT,
                    orphaned_at BIGINT
                )
                """,
                "CREATE INDEX attachments_by_message ON attachments (message_id)",
                "CREATE INDEX attachments_unsent ON attachments (created_at) WHERE message_id IS NULL",
                "CREATE INDEX attachments_orphaned ON attachments (orphaned_at) WHERE orphaned_at IS NOT NULL",
            ]),
        // End-to-end encryption: conversations created encrypted (their messages are envelopes the
        // store never reads), and each user's device public keys.
        Migration(
            id: "store-0011-encryption",
            statements: [
                "ALTER TABLE conversations ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0",
                """
                CREATE TABLE device_keys (
                    user_id TEXT NOT NULL,
                    device_id TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (user_id, device_id)
                )
                """,
            ]),
        // The search index takes a message's few words straight into its tree (`fastupdate` off): a
        // send no longer appends to a pending list that some later send merges inside its own
        // commit (4 MB of it at a time: a latency spike), and PostgreSQL spent about 5 % less at
        // 5 000 deliveries/s, measured side by side. SQLite's FTS5 index is unchanged.
        Migration(
            id: "store-0012-search-direct-insert",
            postgres: ["ALTER INDEX messages_search SET (fastupdate = off)"],
            sqlite: []),
        // The search index's function in PL/pgSQL instead of SQL, same body, same words: PostgreSQL
        // cannot inline the SQL one (an immutable function over `unaccent`, which is only stable), so
        // it parsed and planned its body again for every statement that inserted a message (its
        // parser showed in every profile). PL/pgSQL compiles it once per session. pgbench, the send
        // statement for one message: 0.165 -> 0.149 ms. Same function, so the index stays valid.
        Migration(
            id: "store-0013-search-vector-plpgsql",
            postgres: [
                """
                CREATE OR REPLACE FUNCTION inkstudio_search_vector(text) RETURNS tsvector
                LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ BEGIN RETURN to_tsvector('simple'::regconfig, public.unaccent('public.unaccent'::regdictionary, $1)); END $$
                """
            ],
            sqlite: []),
    ]
}
