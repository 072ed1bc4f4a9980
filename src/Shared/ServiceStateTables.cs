using System.Collections.Immutable;
using System.Data.Common;
using NodaTime;
using ShangdingScore.Authorization;

namespace ShangdingScore.Stores.Service;

/// <summary>What <see cref="ServiceStateTables"/> needs from the store it is compiled into: connections, write transactions, and the engine's ways.</summary>
internal abstract class ServiceStateDatabase
{
    /// <summary>A connection to the store, which must be migrated and not disposed.</summary>
    /// <exception cref="InvalidOperationException">The store is not migrated.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="write"/> in one transaction, committed (durably) unless it throws.</summary>
    public abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> is the refusal of a unique or primary key (a conflict: nothing was written).</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Whether a text column can keep <paramref name="value"/> (PostgreSQL cannot keep U+0000).</summary>
    public virtual bool Storable(string? value) => true;

    /// <summary>Prepares a read on the server where that pays (PostgreSQL: kept across pooled uses); by default nothing.</summary>
    public virtual Task PrepareAsync(DbCommand command, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The credit center service's state (<see cref="IServiceStateStore"/>) in the tables <c>service_venues</c>,
/// <c>service_issued_grants</c>, <c>service_accounts</c> and <c>service_key_ring</c> of a theme database: the
/// one home of their SQL and row mapping, compiled into both the SQLite and the PostgreSQL store (linked
/// source, internal to each), in the common dialect of both engines.
/// </summary>
/// <remarks>
/// <para>
/// Every write is one statement in one transaction, and every "false" of the contract is decided by the
/// database in that statement, never by a read before it: an insert is <c>ON CONFLICT DO NOTHING</c> on the
/// table's unique keys, a change is an <c>UPDATE</c> (or <c>DELETE</c>) whose <c>WHERE</c> holds the condition
/// (the expected concurrency stamp, not yet revoked, not disabled), and a change refused by a unique key (an
/// account renamed to a name taken meanwhile) is a conflict. So of racing writers in any number of processes
/// exactly one wins.
/// </para>
/// <para>
/// Instants are kept as 100-ns Unix ticks plus the nanoseconds left (<see cref="StoreEncoding.SplitInstant"/>),
/// so they read back to the nanosecond; subjects as their text; scopes as their wire names
/// (<see cref="GrantStateEncoding.ScopeText"/>). Lists are sorted again in code, so their order is ordinal
/// (UTF-16) as the contract says whatever the engine's collation. Stateless apart from the store; thread-safe.
/// </para>
/// </remarks>
internal sealed partial class ServiceStateTables : IServiceStateStore, IVenueRegistry, IIssuedGrantStore, IAccountStore, IKeyRingStore
{
    private const string VenueColumns = "venue_id, name_zh, name_en, kind, credential_hash, registered_at, registered_at_ns, credential_replaced_at, credential_replaced_at_ns, disabled_at, disabled_at_ns";
    private const string GrantColumns = "nonce, subject, grantee, purpose, scope, issued_at, issued_at_ns, expires_at, expires_at_ns, revoked_at, revoked_at_ns";
    private readonly ServiceStateDatabase _database;
    private readonly string _venues;
    private readonly string _grants;
    private readonly string _accounts;
    private readonly string _keys;

    /// <param name="prefix">What goes before a table name: empty, or a schema and a dot.</param>
    /// <param name="database">The store's connections and ways.</param>
    public ServiceStateTables(string prefix, ServiceStateDatabase database)
    {
        _database = database;
        _venues = prefix + "service_venues";
        _grants = prefix + "service_issued_grants";
        _accounts = prefix + "service_accounts";
        _keys = prefix + "service_key_ring";
    }

    /// <summary>
    /// SQL that is true when the issued grant with nonce <c>@gn</c>, of subject <c>@gs</c>, was revoked (what
    /// <see cref="IssuedGrantRevocationList"/> reads), for a nonce store's statement on the same database; the one home of
    /// that condition. A nonce or subject the database cannot keep is bound as null, which matches no grant.
    /// </summary>
    /// <param name="prefix">What goes before the table name, as for the constructor.</param>
    public static string RevokedGrant(string prefix) =>
        $"EXISTS (SELECT 1 FROM {prefix}service_issued_grants WHERE nonce = @gn AND subject = @gs AND revoked_at IS NOT NULL)";

    public IVenueRegistry Venues => this;

    public IIssuedGrantStore IssuedGrants => this;

    public IAccountStore Accounts => this;

    public IKeyRingStore KeyRing => this;

    async Task<bool> IVenueRegistry.RegisterAsync(RegisteredVenue venue, CancellationToken cancellationToken)
    {
        ServiceStateValidation.Venue(venue);
        CheckStorable(nameof(venue), $"venue '{venue.VenueId}'", venue.Name.ZhCn, venue.Name.En, venue.Kind, venue.CredentialHash);
        return await WriteAsync(
            $"INSERT INTO {_venues} ({VenueColumns}) VALUES (@id, @zh, @en, @k, @h, @t, @t_ns, @r, @r_ns, @d, @d_ns) ON CONFLICT DO NOTHING",
            command =>
            {
                Add(command, "id", venue.VenueId);
                Add(command, "zh", venue.Name.ZhCn);
                Add(command, "en", venue.Name.En);
                Add(command, "k", venue.Kind);
                Add(command, "h", venue.CredentialHash);
                Add(command, "t", venue.RegisteredAt);
                Add(command, "r", venue.CredentialReplacedAt);
                Add(command, "d", venue.DisabledAt);
            },
            cancellationToken).ConfigureAwait(false);
    }

    async Task<RegisteredVenue?> IVenueRegistry.FindAsync(string venueId, CancellationToken cancellationToken)
    {
        if (venueId is null) throw new ArgumentNullException(nameof(venueId));
        if (!_database.Storable(venueId)) return null;
        var found = await ReadAsync($"SELECT {VenueColumns} FROM {_venues} WHERE venue_id = @id", command => Add(command, "id", venueId), ReadVenue, cancellationToken).ConfigureAwait(false);
        return found.IsEmpty ? null : found[0];
    }

    async Task<ImmutableArray<RegisteredVenue>> IVenueRegistry.ListAsync(CancellationToken cancellationToken)
    {
        var venues = await ReadAsync($"SELECT {VenueColumns} FROM {_venues} ORDER BY venue_id", static _ => { }, ReadVenue, cancellationToken).ConfigureAwait(false);
        return venues.Sort(static (a, b) => string.CompareOrdinal(a.VenueId, b.VenueId));
    }

    async Task<bool> IVenueRegistry.ReplaceCredentialAsync(string venueId, string credentialHash, Instant at, CancellationToken cancellationToken)
    {
        if (venueId is null) throw new ArgumentNullException(nameof(venueId));
        ServiceStateValidation.Text(credentialHash, nameof(credentialHash));
        CheckStorable(nameof(credentialHash), "credential hash", credentialHash);
        if (!_database.Storable(venueId)) return false;
        return await WriteAsync(
            $"UPDATE {_venues} SET credential_hash = @h, credential_replaced_at = @t, credential_replaced_at_ns = @t_ns WHERE venue_id = @id AND disabled_at IS NULL",
            command =>
            {
                Add(command, "h", credentialHash);
                Add(command, "t", at);
                Add(command, "id", venueId);
            },
            cancellationToken).ConfigureAwait(false);
    }

    async Task<bool> IVenueRegistry.DisableAsync(string venueId, Instant at, CancellationToken cancellationToken)
    {
        if (venueId is null) throw new ArgumentNullException(nameof(venueId));
        if (!_database.Storable(venueId)) return false;
        return await WriteAsync(
            $"UPDATE {_venues} SET disabled_at = @t, disabled_at_ns = @t_ns WHERE venue_id = @id AND disabled_at IS NULL",
            command =>
            {
                Add(command, "t", at);
                Add(command, "id", venueId);
            },
            cancellationToken).ConfigureAwait(false);
    }

    async Task<bool> IIssuedGrantStore.AddAsync(IssuedGrant grant, CancellationToken cancellationToken)
    {
        ServiceStateValidation.Grant(grant);
        CheckStorable(nameof(grant), $"grant '{grant.Nonce}'", grant.Nonce, grant.Subject.Value, grant.Grantee, grant.Purpose);
        return await WriteAsync(
            $"INSERT INTO {_grants} ({GrantColumns}) VALUES (@n, @s, @g, @p, @sc, @i, @i_ns, @e, @e_ns, @r, @r_ns) ON CONFLICT DO NOTHING",
            command =>
            {
                Add(command, "n", grant.Nonce);
                Add(command, "s", grant.Subject.Value);
                Add(command, "g", grant.Grantee);
                Add(command, "p", grant.Purpose);
                Add(command, "sc", GrantStateEncoding.ScopeText(grant.Scope));
                Add(command, "i", grant.IssuedAt);
                Add(command, "e", grant.ExpiresAt);
                Add(command, "r", grant.RevokedAt);
            },
            cancellationToken).ConfigureAwait(false);
    }

    async Task<IssuedGrant?> IIssuedGrantStore.FindAsync(string nonce, CancellationToken cancellationToken)
    {
        if (nonce is null) throw new ArgumentNullException(nameof(nonce));
        if (!_database.Storable(nonce)) return null;
        var found = await ReadAsync($"SELECT {GrantColumns} FROM {_grants} WHERE nonce = @n", command => Add(command, "n", nonce), ReadGrant, cancellationToken).ConfigureAwait(false);
        return found.IsEmpty ? null : found[0];
    }

    async Task<ImmutableArray<IssuedGrant>> IIssuedGrantStore.ListForSubjectAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        if (!_database.Storable(subject.Value)) return ImmutableArray<IssuedGrant>.Empty;
        var grants = await ReadAsync(
            $"SELECT {GrantColumns} FROM {_grants} WHERE subject = @s ORDER BY issued_at DESC, issued_at_ns DESC, nonce",
            command => Add(command, "s", subject.Value),
            ReadGrant,
            cancellationToken).ConfigureAwait(false);
        return grants.Sort(static (a, b) =>
        {
            int c = b.IssuedAt.CompareTo(a.IssuedAt);
            return c != 0 ? c : string.CompareOrdinal(a.Nonce, b.Nonce);
        });
    }

    async Task<bool> IIssuedGrantStore.RevokeAsync(SubjectId subject, string nonce, Instant at, CancellationToken cancellationToken)
    {
        if (nonce is null) throw new ArgumentNullException(nameof(nonce));
        if (!_database.Storable(nonce) || !_database.Storable(subject.Value)) return false;
        return await WriteAsync(
            $"UPDATE {_grants} SET revoked_at = @t, revoked_at_ns = @t_ns WHERE nonce = @n AND subject = @s AND revoked_at IS NULL",
            command =>
            {
                Add(command, "t", at);
                Add(command, "n", nonce);
                Add(command, "s", subject.Value);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static RegisteredVenue ReadVenue(DbDataReader reader) => new()
    {
        VenueId = reader.GetString(0),
        Name = new LocalizedText(reader.GetString(1), reader.GetString(2)),
        Kind = reader.GetString(3),
        CredentialHash = reader.GetString(4),
        RegisteredAt = Instant(reader, 5),
        CredentialReplacedAt = NullableInstant(reader, 7),
        DisabledAt = NullableInstant(reader, 9),
    };

    private static IssuedGrant ReadGrant(DbDataReader reader) => new()
    {
        Nonce = reader.GetString(0),
        Subject = new SubjectId(reader.GetString(1)),
        Grantee = reader.GetString(2),
        Purpose = reader.GetString(3),
        Scope = GrantStateEncoding.ParseScope(reader.GetString(4))!.Value,
        IssuedAt = Instant(reader, 5),
        ExpiresAt = Instant(reader, 7),
        RevokedAt = NullableInstant(reader, 9),
    };

    /// <summary>Runs one statement in one write transaction: true when it changed exactly one row; false when it changed none or a unique key refused it.</summary>
    private async Task<bool> WriteAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        try
        {
            return await _database.WriteAsync(
                async (connection, tx) =>
                {
                    using var command = Command(connection, tx, sql);
                    bind(command);
                    return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (_database.IsUniqueViolation(ex))
        {
            // The transaction was rolled back: a conflict that changed nothing.
            return false;
        }
    }

    /// <summary>Runs one query on a connection of its own and maps every row.</summary>
    private async Task<ImmutableArray<T>> ReadAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, null, sql);
        bind(command);
        await _database.PrepareAsync(command, cancellationToken).ConfigureAwait(false);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = ImmutableArray.CreateBuilder<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(map(reader));
        return rows.ToImmutable();
    }

    /// <exception cref="ArgumentException">A text holds a character the database cannot keep (PostgreSQL: U+0000).</exception>
    private void CheckStorable(string parameter, string what, params string?[] texts)
    {
        foreach (var text in texts)
        {
            if (!_database.Storable(text)) throw new ArgumentException($"The {what} holds U+0000 in a text, which PostgreSQL text cannot keep.", parameter);
        }
    }

    /// <summary>The instant kept in columns <paramref name="ticks"/> and the next one (nanoseconds).</summary>
    private static Instant Instant(DbDataReader reader, int ticks) => StoreEncoding.JoinInstant(reader.GetInt64(ticks), reader.GetInt32(ticks + 1));

    private static Instant? NullableInstant(DbDataReader reader, int ticks) => reader.IsDBNull(ticks) ? null : Instant(reader, ticks);

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds an instant as two parameters, <paramref name="name"/> (ticks) and <paramref name="name"/><c>_ns</c>; null as two nulls.</summary>
    private static void Add(DbCommand command, string name, Instant? instant)
    {
        if (instant is { } i)
        {
            var (ticks, nanos) = StoreEncoding.SplitInstant(i);
            Add(command, name, (object)ticks);
            Add(command, name + "_ns", (object)nanos);
        }
        else
        {
            Add(command, name, (object?)null);
            Add(command, name + "_ns", (object?)null);
        }
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
