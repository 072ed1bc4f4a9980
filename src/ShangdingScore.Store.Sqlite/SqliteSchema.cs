namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// The schema as numbered migrations. A migration, once shipped, never changes: a new schema is a
/// new migration appended here. <c>schema_migrations</c> holds one row per migration applied.
/// </summary>
/// <remarks>
/// Encodings: instants as 100-ns Unix ticks plus the nanoseconds left; dates as yyyymmdd numbers;
/// quantities and scores as decimal text without trailing zeros; key columns are never NULL.
/// Text compares with SQLite's BINARY collation (UTF-8 bytes), which is <c>SubjectOrder</c>.
/// </remarks>
internal static class SqliteSchema
{
    public const string CreateMigrationsTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL)";

    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> Migrations = new[]
    {
        (1, "record copies, append-only lifecycle events, enrolment periods, rejects", """
            CREATE TABLE record_copies (
                subject TEXT NOT NULL,
                record_id TEXT NOT NULL,
                recorded_at INTEGER NOT NULL,
                recorded_at_ns INTEGER NOT NULL,
                item TEXT NOT NULL,
                occurred_on INTEGER NOT NULL,
                quantity TEXT NOT NULL,
                provider TEXT NOT NULL,
                PRIMARY KEY (subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider)
            ) WITHOUT ROWID;
            CREATE TABLE record_events (
                subject TEXT NOT NULL,
                record_id TEXT NOT NULL,
                at INTEGER NOT NULL,
                at_ns INTEGER NOT NULL,
                type INTEGER NOT NULL,
                effective_on INTEGER NOT NULL,
                PRIMARY KEY (subject, record_id, at, at_ns, type, effective_on)
            ) WITHOUT ROWID;
            CREATE TABLE enrolment_periods (
                subject TEXT NOT NULL,
                enrolled_on INTEGER NOT NULL,
                withdrawn_on INTEGER,
                PRIMARY KEY (subject, enrolled_on)
            ) WITHOUT ROWID;
            CREATE TABLE rejects (
                source TEXT NOT NULL,
                line_number INTEGER NOT NULL,
                field TEXT,
                reason TEXT NOT NULL,
                message TEXT NOT NULL,
                raw_text TEXT,
                PRIMARY KEY (source, line_number)
            ) WITHOUT ROWID;
            """),
        (2, "scores from batch rescoring", """
            CREATE TABLE scores (
                subject TEXT NOT NULL,
                as_of INTEGER NOT NULL,
                rule_set_id TEXT NOT NULL,
                rule_set_version TEXT NOT NULL,
                known_at INTEGER NOT NULL,
                known_at_ns INTEGER NOT NULL,
                content_hash TEXT NOT NULL,
                in_force INTEGER NOT NULL,
                status INTEGER NOT NULL,
                score TEXT,
                grade TEXT,
                is_clean INTEGER NOT NULL,
                is_complete INTEGER NOT NULL,
                PRIMARY KEY (subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns)
            ) WITHOUT ROWID;
            CREATE INDEX scores_by_day ON scores (as_of, subject);
            """),
        (3, "rejects kept per delivery (source, line number, content hash); the theme database's application id", $"""
            CREATE TABLE rejects_by_delivery (
                source TEXT NOT NULL,
                line_number INTEGER NOT NULL,
                delivery TEXT NOT NULL,
                field TEXT,
                reason TEXT NOT NULL,
                message TEXT NOT NULL,
                raw_text TEXT,
                PRIMARY KEY (source, line_number, delivery)
            ) WITHOUT ROWID;
            INSERT INTO rejects_by_delivery (source, line_number, delivery, field, reason, message, raw_text)
                SELECT source, line_number, '{UnknownDelivery}', field, reason, message, raw_text FROM rejects;
            DROP TABLE rejects;
            ALTER TABLE rejects_by_delivery RENAME TO rejects;
            PRAGMA application_id = {ApplicationId};
            """),
        (4, "grant state: used nonces and the query log", """
            CREATE TABLE used_nonces (
                nonce TEXT NOT NULL PRIMARY KEY,
                remember_until INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX used_nonces_by_expiry ON used_nonces (remember_until);
            CREATE TABLE query_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                at_ns INTEGER NOT NULL,
                grantee TEXT NOT NULL,
                subject TEXT,
                purpose TEXT NOT NULL,
                requested_scope TEXT,
                disclosed TEXT NOT NULL,
                outcome TEXT NOT NULL,
                reason_code TEXT NOT NULL,
                key_id TEXT
            );
            CREATE INDEX query_log_by_subject ON query_log (subject, at, at_ns, seq) WHERE subject IS NOT NULL;
            """),
        (5, "citizen rights: the hash-chained rights journal (append-only) and the notification outbox", """
            CREATE TABLE rights_entries (
                sequence INTEGER NOT NULL PRIMARY KEY,
                at INTEGER NOT NULL,
                at_ns INTEGER NOT NULL,
                subject TEXT NOT NULL,
                kind TEXT NOT NULL,
                case_id TEXT,
                actor_id TEXT NOT NULL,
                actor_role TEXT NOT NULL,
                payload TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE INDEX rights_entries_by_subject ON rights_entries (subject, sequence);
            CREATE INDEX rights_entries_by_case ON rights_entries (case_id, sequence) WHERE case_id IS NOT NULL;
            CREATE TRIGGER rights_entries_no_update BEFORE UPDATE ON rights_entries
                BEGIN SELECT RAISE(ABORT, 'rights_entries is append-only: an entry is never updated'); END;
            CREATE TRIGGER rights_entries_no_delete BEFORE DELETE ON rights_entries
                BEGIN SELECT RAISE(ABORT, 'rights_entries is append-only: an entry is never deleted'); END;
            CREATE TABLE rights_outbox (
                id TEXT NOT NULL PRIMARY KEY,
                subject TEXT NOT NULL,
                recipient TEXT NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                created_at_ns INTEGER NOT NULL,
                entry_sequence INTEGER,
                status INTEGER NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL,
                next_attempt_at_ns INTEGER NOT NULL,
                lease_owner TEXT,
                leased_until INTEGER,
                leased_until_ns INTEGER,
                sent_at INTEGER,
                sent_at_ns INTEGER,
                last_error TEXT
            ) WITHOUT ROWID;
            CREATE INDEX rights_outbox_due ON rights_outbox (next_attempt_at, next_attempt_at_ns, created_at, created_at_ns, id) WHERE status = 0;
            CREATE INDEX rights_outbox_by_created ON rights_outbox (created_at, created_at_ns, id);
            CREATE INDEX rights_outbox_by_subject ON rights_outbox (subject, created_at, created_at_ns, id);
            """),
        (6, "query log: how another city's grade was read (ShangdingScore.Recognition)", """
            ALTER TABLE query_log ADD COLUMN recognition TEXT;
            """),
        (7, "credit center service state: registered venues (credential hashes), issued grants, local accounts, key ring", """
            CREATE TABLE service_venues (
                venue_id TEXT NOT NULL PRIMARY KEY,
                name_zh TEXT NOT NULL,
                name_en TEXT NOT NULL,
                kind TEXT NOT NULL,
                credential_hash TEXT NOT NULL,
                registered_at INTEGER NOT NULL,
                registered_at_ns INTEGER NOT NULL,
                credential_replaced_at INTEGER,
                credential_replaced_at_ns INTEGER,
                disabled_at INTEGER,
                disabled_at_ns INTEGER
            ) WITHOUT ROWID;
            CREATE TABLE service_issued_grants (
                nonce TEXT NOT NULL PRIMARY KEY,
                subject TEXT NOT NULL,
                grantee TEXT NOT NULL,
                purpose TEXT NOT NULL,
                scope TEXT NOT NULL,
                issued_at INTEGER NOT NULL,
                issued_at_ns INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                expires_at_ns INTEGER NOT NULL,
                revoked_at INTEGER,
                revoked_at_ns INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX service_issued_grants_by_subject ON service_issued_grants (subject, issued_at, issued_at_ns);
            CREATE TABLE service_accounts (
                id TEXT NOT NULL PRIMARY KEY,
                user_name TEXT NOT NULL,
                normalized_user_name TEXT NOT NULL,
                password_hash TEXT,
                security_stamp TEXT NOT NULL,
                concurrency_stamp TEXT NOT NULL,
                role TEXT NOT NULL,
                subject TEXT,
                venue_id TEXT,
                access_failed_count INTEGER NOT NULL,
                lockout_enabled INTEGER NOT NULL,
                lockout_end INTEGER,
                lockout_end_ns INTEGER,
                created_at INTEGER NOT NULL,
                created_at_ns INTEGER NOT NULL,
                CONSTRAINT service_accounts_name UNIQUE (normalized_user_name)
            ) WITHOUT ROWID;
            CREATE TABLE service_key_ring (
                purpose TEXT NOT NULL,
                name TEXT NOT NULL,
                material TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                created_at_ns INTEGER NOT NULL,
                PRIMARY KEY (purpose, name)
            ) WITHOUT ROWID;
            """),
        (8, "scores: each dimension's points, and kept in the order a day is read (day, rule set, version, subject) with an index by subject", """
            CREATE TABLE scores_by_day_and_subject (
                as_of INTEGER NOT NULL,
                rule_set_id TEXT NOT NULL,
                rule_set_version TEXT NOT NULL,
                subject TEXT NOT NULL,
                known_at INTEGER NOT NULL,
                known_at_ns INTEGER NOT NULL,
                content_hash TEXT NOT NULL,
                in_force INTEGER NOT NULL,
                status INTEGER NOT NULL,
                score TEXT,
                grade TEXT,
                is_clean INTEGER NOT NULL,
                is_complete INTEGER NOT NULL,
                dimension_points TEXT,
                PRIMARY KEY (as_of, rule_set_id, rule_set_version, subject, known_at, known_at_ns)
            ) WITHOUT ROWID;
            INSERT INTO scores_by_day_and_subject (as_of, rule_set_id, rule_set_version, subject, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete)
                SELECT as_of, rule_set_id, rule_set_version, subject, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete FROM scores;
            DROP TABLE scores;
            ALTER TABLE scores_by_day_and_subject RENAME TO scores;
            CREATE INDEX scores_by_subject ON scores (subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns);
            """),
    };

    /// <summary>SQLite's <c>application_id</c> of a theme database (set by migration 3): "SDTH".</summary>
    public const int ApplicationId = 0x53445448;

    /// <summary>The delivery of rejects kept before migration 3, when deliveries were not told apart.</summary>
    public const string UnknownDelivery = "";

    public static int LatestVersion => Migrations[Migrations.Count - 1].Version;
}
