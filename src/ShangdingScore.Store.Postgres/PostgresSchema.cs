namespace ShangdingScore.Store.Postgres;

/// <summary>
/// The schema as numbered migrations. A migration, once shipped, never changes: a new schema is a
/// new migration appended here. <c>schema_migrations</c> holds one row per migration applied.
/// <c>{s}</c> stands for the store's schema name (validated, never quoted).
/// </summary>
/// <remarks>
/// Text keys use <c>COLLATE "C"</c>: byte order of UTF-8, which is <c>SubjectOrder</c>, whatever the
/// database's default collation. Key columns are never NULL. See <see cref="PostgresEncoding"/>.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The first number of the two-key advisory lock taken while migrating (the second is the schema name's hash).</summary>
    public const int AdvisoryLockClass = 0x53445353; // "SDSS"

    /// <summary>The first number of the two-key advisory lock taken by a rights-journal append (the second is the schema name's hash).</summary>
    public const int RightsLockClass = 0x53445352; // "SDSR"

    public const string Bootstrap = """
        CREATE SCHEMA IF NOT EXISTS {s};
        CREATE TABLE IF NOT EXISTS {s}.schema_migrations (
            version integer PRIMARY KEY,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> Migrations = new[]
    {
        (1, "record copies, append-only lifecycle events, enrolment periods, rejects", """
            CREATE TABLE {s}.record_copies (
                subject text COLLATE "C" NOT NULL,
                record_id text COLLATE "C" NOT NULL,
                recorded_at bigint NOT NULL,
                recorded_at_ns smallint NOT NULL,
                item text COLLATE "C" NOT NULL,
                occurred_on integer NOT NULL,
                quantity numeric NOT NULL,
                provider text COLLATE "C" NOT NULL,
                CONSTRAINT record_copies_pk PRIMARY KEY (subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider)
            );
            CREATE TABLE {s}.record_events (
                subject text COLLATE "C" NOT NULL,
                record_id text COLLATE "C" NOT NULL,
                at bigint NOT NULL,
                at_ns smallint NOT NULL,
                type smallint NOT NULL,
                effective_on integer NOT NULL,
                CONSTRAINT record_events_pk PRIMARY KEY (subject, record_id, at, at_ns, type, effective_on)
            );
            CREATE TABLE {s}.enrolment_periods (
                subject text COLLATE "C" NOT NULL,
                enrolled_on integer NOT NULL,
                withdrawn_on integer,
                CONSTRAINT enrolment_periods_pk PRIMARY KEY (subject, enrolled_on)
            );
            CREATE TABLE {s}.rejects (
                source text COLLATE "C" NOT NULL,
                line_number bigint NOT NULL,
                field text,
                reason text NOT NULL,
                message text NOT NULL,
                raw_text text,
                CONSTRAINT rejects_pk PRIMARY KEY (source, line_number)
            );
            """),
        (2, "scores from batch rescoring", """
            CREATE TABLE {s}.scores (
                subject text COLLATE "C" NOT NULL,
                as_of integer NOT NULL,
                rule_set_id text COLLATE "C" NOT NULL,
                rule_set_version text COLLATE "C" NOT NULL,
                known_at bigint NOT NULL,
                known_at_ns smallint NOT NULL,
                content_hash text NOT NULL,
                in_force boolean NOT NULL,
                status smallint NOT NULL,
                score numeric,
                grade text,
                is_clean boolean NOT NULL,
                is_complete boolean NOT NULL,
                CONSTRAINT scores_pk PRIMARY KEY (subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns)
            );
            CREATE INDEX scores_by_day ON {s}.scores (as_of, subject);
            """),
        (3, "rejects kept per delivery (source, line number, content hash)", """
            ALTER TABLE {s}.rejects ADD COLUMN delivery text COLLATE "C" NOT NULL DEFAULT '';
            ALTER TABLE {s}.rejects ALTER COLUMN delivery DROP DEFAULT;
            ALTER TABLE {s}.rejects DROP CONSTRAINT rejects_pk;
            ALTER TABLE {s}.rejects ADD CONSTRAINT rejects_pk PRIMARY KEY (source, line_number, delivery);
            """),
        (4, "grant state: used nonces and the query log", """
            CREATE TABLE {s}.used_nonces (
                nonce text COLLATE "C" NOT NULL,
                remember_until bigint NOT NULL,
                CONSTRAINT used_nonces_pk PRIMARY KEY (nonce)
            );
            CREATE INDEX used_nonces_by_expiry ON {s}.used_nonces (remember_until);
            CREATE TABLE {s}.query_log (
                seq bigint GENERATED ALWAYS AS IDENTITY,
                at bigint NOT NULL,
                at_ns smallint NOT NULL,
                grantee text NOT NULL,
                subject text COLLATE "C",
                purpose text NOT NULL,
                requested_scope text,
                disclosed text NOT NULL,
                outcome text NOT NULL,
                reason_code text NOT NULL,
                key_id text,
                CONSTRAINT query_log_pk PRIMARY KEY (seq)
            );
            CREATE INDEX query_log_by_subject ON {s}.query_log (subject, at, at_ns, seq) WHERE subject IS NOT NULL;
            """),
        (5, "citizen rights: the hash-chained rights journal (append-only) and the notification outbox", """
            CREATE TABLE {s}.rights_entries (
                sequence bigint NOT NULL,
                at bigint NOT NULL,
                at_ns integer NOT NULL,
                subject text COLLATE "C" NOT NULL,
                kind text COLLATE "C" NOT NULL,
                case_id text COLLATE "C",
                actor_id text NOT NULL,
                actor_role text NOT NULL,
                payload text NOT NULL,
                previous_hash text NOT NULL,
                hash text NOT NULL,
                CONSTRAINT rights_entries_pk PRIMARY KEY (sequence)
            );
            CREATE INDEX rights_entries_by_subject ON {s}.rights_entries (subject, sequence);
            CREATE INDEX rights_entries_by_case ON {s}.rights_entries (case_id, sequence) WHERE case_id IS NOT NULL;
            CREATE FUNCTION {s}.rights_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'rights_entries is append-only: an entry is never updated or deleted'; END $$;
            CREATE TRIGGER rights_entries_no_change BEFORE UPDATE OR DELETE ON {s}.rights_entries
                FOR EACH ROW EXECUTE FUNCTION {s}.rights_entries_append_only();
            CREATE TRIGGER rights_entries_no_truncate BEFORE TRUNCATE ON {s}.rights_entries
                FOR EACH STATEMENT EXECUTE FUNCTION {s}.rights_entries_append_only();
            CREATE TABLE {s}.rights_outbox (
                id text COLLATE "C" NOT NULL,
                subject text COLLATE "C" NOT NULL,
                recipient text NOT NULL,
                kind text NOT NULL,
                payload text NOT NULL,
                created_at bigint NOT NULL,
                created_at_ns integer NOT NULL,
                entry_sequence bigint,
                status integer NOT NULL,
                attempts integer NOT NULL,
                next_attempt_at bigint NOT NULL,
                next_attempt_at_ns integer NOT NULL,
                lease_owner text,
                leased_until bigint,
                leased_until_ns integer,
                sent_at bigint,
                sent_at_ns integer,
                last_error text,
                CONSTRAINT rights_outbox_pk PRIMARY KEY (id)
            );
            CREATE INDEX rights_outbox_due ON {s}.rights_outbox (next_attempt_at, next_attempt_at_ns, created_at, created_at_ns, id) WHERE status = 0;
            CREATE INDEX rights_outbox_by_created ON {s}.rights_outbox (created_at, created_at_ns, id);
            CREATE INDEX rights_outbox_by_subject ON {s}.rights_outbox (subject, created_at, created_at_ns, id);
            """),
        (6, "query log: how another city's grade was read (ShangdingScore.Recognition)", """
            ALTER TABLE {s}.query_log ADD COLUMN recognition text;
            """),
        (7, "credit center service state: registered venues (credential hashes), issued grants, local accounts, key ring", """
            CREATE TABLE {s}.service_venues (
                venue_id text COLLATE "C" NOT NULL,
                name_zh text NOT NULL,
                name_en text NOT NULL,
                kind text NOT NULL,
                credential_hash text NOT NULL,
                registered_at bigint NOT NULL,
                registered_at_ns integer NOT NULL,
                credential_replaced_at bigint,
                credential_replaced_at_ns integer,
                disabled_at bigint,
                disabled_at_ns integer,
                CONSTRAINT service_venues_pk PRIMARY KEY (venue_id)
            );
            CREATE TABLE {s}.service_issued_grants (
                nonce text COLLATE "C" NOT NULL,
                subject text COLLATE "C" NOT NULL,
                grantee text NOT NULL,
                purpose text NOT NULL,
                scope text NOT NULL,
                issued_at bigint NOT NULL,
                issued_at_ns integer NOT NULL,
                expires_at bigint NOT NULL,
                expires_at_ns integer NOT NULL,
                revoked_at bigint,
                revoked_at_ns integer,
                CONSTRAINT service_issued_grants_pk PRIMARY KEY (nonce)
            );
            CREATE INDEX service_issued_grants_by_subject ON {s}.service_issued_grants (subject, issued_at, issued_at_ns);
            CREATE TABLE {s}.service_accounts (
                id text COLLATE "C" NOT NULL,
                user_name text NOT NULL,
                normalized_user_name text COLLATE "C" NOT NULL,
                password_hash text,
                security_stamp text NOT NULL,
                concurrency_stamp text COLLATE "C" NOT NULL,
                role text NOT NULL,
                subject text COLLATE "C",
                venue_id text COLLATE "C",
                access_failed_count integer NOT NULL,
                lockout_enabled boolean NOT NULL,
                lockout_end bigint,
                lockout_end_ns integer,
                created_at bigint NOT NULL,
                created_at_ns integer NOT NULL,
                CONSTRAINT service_accounts_pk PRIMARY KEY (id),
                CONSTRAINT service_accounts_name UNIQUE (normalized_user_name)
            );
            CREATE TABLE {s}.service_key_ring (
                purpose text COLLATE "C" NOT NULL,
                name text COLLATE "C" NOT NULL,
                material text NOT NULL,
                created_at bigint NOT NULL,
                created_at_ns integer NOT NULL,
                CONSTRAINT service_key_ring_pk PRIMARY KEY (purpose, name)
            );
            """),
        (8, "scores: each dimension's points (the monitoring report from kept scores)", """
            ALTER TABLE {s}.scores ADD COLUMN dimension_points text;
            """),
    };

    /// <summary>The delivery of rejects kept before migration 3, when deliveries were not told apart.</summary>
    public const string UnknownDelivery = "";

    /// <summary>Per-connection staging tables for imports and score writes; emptied at every commit.</summary>
    public const string Staging = """
        CREATE TEMP TABLE IF NOT EXISTS sdss_stage_copies (
            line bigint NOT NULL, subject text COLLATE "C" NOT NULL, record_id text COLLATE "C" NOT NULL,
            recorded_at bigint NOT NULL, recorded_at_ns smallint NOT NULL, item text COLLATE "C" NOT NULL,
            occurred_on integer NOT NULL, quantity numeric NOT NULL, provider text COLLATE "C" NOT NULL
        ) ON COMMIT DELETE ROWS;
        CREATE TEMP TABLE IF NOT EXISTS sdss_stage_events (
            line bigint NOT NULL, subject text COLLATE "C" NOT NULL, record_id text COLLATE "C" NOT NULL,
            at bigint NOT NULL, at_ns smallint NOT NULL, type smallint NOT NULL, effective_on integer NOT NULL
        ) ON COMMIT DELETE ROWS;
        CREATE TEMP TABLE IF NOT EXISTS sdss_stage_rejects (
            line_number bigint NOT NULL, field text, reason text NOT NULL, message text NOT NULL, raw_text text
        ) ON COMMIT DELETE ROWS;
        CREATE TEMP TABLE IF NOT EXISTS sdss_stage_scores (
            ord integer NOT NULL, subject text COLLATE "C" NOT NULL, as_of integer NOT NULL,
            rule_set_id text COLLATE "C" NOT NULL, rule_set_version text COLLATE "C" NOT NULL,
            known_at bigint NOT NULL, known_at_ns smallint NOT NULL, content_hash text NOT NULL,
            in_force boolean NOT NULL, status smallint NOT NULL, score numeric, grade text,
            is_clean boolean NOT NULL, is_complete boolean NOT NULL, dimension_points text
        ) ON COMMIT DELETE ROWS;
        """;

    /// <summary>
    /// Moves one staged batch into the tables: copies, events and rejects not kept yet are added, and
    /// the statement returns how many copies and events were added and how many lines added at least
    /// one of them (a key is credited to the first line of the batch that carries it, as a line-by-line
    /// import would).
    /// </summary>
    public const string MergeBatch = """
        WITH c AS (
            INSERT INTO {s}.record_copies AS t (subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider)
            SELECT subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider FROM sdss_stage_copies
            ON CONFLICT DO NOTHING
            RETURNING t.subject, t.record_id, t.recorded_at, t.recorded_at_ns, t.item, t.occurred_on, t.quantity, t.provider
        ), e AS (
            INSERT INTO {s}.record_events AS t (subject, record_id, at, at_ns, type, effective_on)
            SELECT subject, record_id, at, at_ns, type, effective_on FROM sdss_stage_events
            ON CONFLICT DO NOTHING
            RETURNING t.subject, t.record_id, t.at, t.at_ns, t.type, t.effective_on
        ), r AS (
            INSERT INTO {s}.rejects (source, line_number, delivery, field, reason, message, raw_text)
            SELECT @source, line_number, @delivery, field, reason, message, raw_text FROM sdss_stage_rejects
            ON CONFLICT DO NOTHING
            RETURNING 1
        ), cl AS (
            SELECT min(s.line) AS line FROM c JOIN sdss_stage_copies s
                ON s.subject = c.subject AND s.record_id = c.record_id AND s.recorded_at = c.recorded_at AND s.recorded_at_ns = c.recorded_at_ns
                AND s.item = c.item AND s.occurred_on = c.occurred_on AND s.quantity = c.quantity AND s.provider = c.provider
            GROUP BY c.subject, c.record_id, c.recorded_at, c.recorded_at_ns, c.item, c.occurred_on, c.quantity, c.provider
        ), el AS (
            SELECT min(s.line) AS line FROM e JOIN sdss_stage_events s
                ON s.subject = e.subject AND s.record_id = e.record_id AND s.at = e.at AND s.at_ns = e.at_ns AND s.type = e.type AND s.effective_on = e.effective_on
            GROUP BY e.subject, e.record_id, e.at, e.at_ns, e.type, e.effective_on
        )
        SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM e), (SELECT count(*) FROM r),
               (SELECT count(DISTINCT line) FROM (SELECT line FROM cl UNION ALL SELECT line FROM el) AS lines)
        """;

    public const string MergeScores = """
        INSERT INTO {s}.scores AS t (subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete, dimension_points)
        SELECT DISTINCT ON (subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns)
               subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete, dimension_points
        FROM sdss_stage_scores
        ORDER BY subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, ord DESC
        ON CONFLICT (subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns) DO UPDATE SET
            content_hash = EXCLUDED.content_hash, in_force = EXCLUDED.in_force, status = EXCLUDED.status, score = EXCLUDED.score,
            grade = EXCLUDED.grade, is_clean = EXCLUDED.is_clean, is_complete = EXCLUDED.is_complete, dimension_points = EXCLUDED.dimension_points
        """;

    public static int LatestVersion => Migrations[Migrations.Count - 1].Version;

    /// <summary>
    /// The rows of subjects, one statement (one snapshot): events (kind 0), copies (kind 1) and
    /// enrolment periods (kind 2), grouped by subject in code-point order and in no order within a
    /// subject (the reader orders them), so the plan is a merge of the three primary-key index scans
    /// and the server never sorts. A filter on a child (the known-at instant) makes PostgreSQL 15 sort
    /// that child instead, so the whole-store scan leaves the known-at filter to the client (see
    /// <c>SubjectRows</c>); the one-subject read filters in SQL. Columns: subject, kind, record_id, instant ticks, instant ns, item, date 1
    /// (effective_on, occurred_on, enrolled_on), quantity, provider, event type, date 2 (withdrawn_on).
    /// </summary>
    public static string SubjectRows(bool oneSubject, bool knownAt, bool periods)
    {
        string Where(string t, string ns)
        {
            var conditions = new List<string>();
            if (oneSubject) conditions.Add("subject = @subject");
            if (knownAt && oneSubject) conditions.Add($"({t}, {ns}) <= (@known_ticks, @known_ns)");
            return conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        }

        var sql = "SELECT subject, 0::smallint AS kind, record_id, at AS t, at_ns AS ns, NULL::text AS item, effective_on AS d1, NULL::numeric AS quantity, NULL::text AS provider, type, NULL::integer AS d2 FROM {s}.record_events"
            + Where("at", "at_ns")
            + " UNION ALL SELECT subject, 1::smallint, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider, NULL::smallint, NULL::integer FROM {s}.record_copies"
            + Where("recorded_at", "recorded_at_ns");
        if (periods)
        {
            sql += " UNION ALL SELECT subject, 2::smallint, NULL::text, NULL::bigint, NULL::smallint, NULL::text, enrolled_on, NULL::numeric, NULL::text, NULL::smallint, withdrawn_on FROM {s}.enrolment_periods"
                + (oneSubject ? " WHERE subject = @subject" : string.Empty);
        }

        return oneSubject ? sql : sql + " ORDER BY subject";
    }
}
