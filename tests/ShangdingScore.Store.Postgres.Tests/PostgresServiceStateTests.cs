using System.Text;
using Npgsql;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>What the service-state contract suite cannot check through the interface: migration 7, the migrated and disposed checks, U+0000, and failures that are not conflicts.</summary>
public sealed class PostgresServiceStateTests : IAsyncLifetime
{
    private static readonly Instant T = Instant.FromUtc(2026, 6, 1, 2, 0);
    private readonly TestSchemas _schemas = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task ServiceState_BeforeMigrate_ThrowsInvalidOperation_AfterDispose_ObjectDisposed()
    {
        var store = _schemas.Store();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Venues.ListAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.IssuedGrants.AddAsync(Grant("n-1", "S-1")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Accounts.FindByIdAsync("a-1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.KeyRing.ListAsync("data-protection"));

        await store.MigrateAsync();
        Assert.True(await store.IssuedGrants.AddAsync(Grant("n-1", "S-1")));
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Venues.ListAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-1", T));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Accounts.DeleteAsync("a-1"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.KeyRing.AddAsync(new KeyRingEntry { Purpose = "p", Name = "n", Material = "m", CreatedAt = T }));
    }

    [PostgresFact]
    public async Task MigrateAsync_FromVersion6_AppliesMigration7AndKeepsTheQueryLog()
    {
        var schema = _schemas.New();
        var sql = new StringBuilder(PostgresSchema.Bootstrap);
        foreach (var (version, description, script) in PostgresSchema.Migrations.Where(m => m.Version <= 6))
        {
            sql.Append(script).Append($";\nINSERT INTO {{s}}.schema_migrations (version, description) VALUES ({version}, '{description.Replace("'", "''")}');\n");
        }

        sql.Append("INSERT INTO {s}.query_log (at, at_ns, grantee, subject, purpose, disclosed, outcome, reason_code) VALUES (1, 0, 'v', 'S-1', 'p', '[]', 'Refused', 'expired') RETURNING 1;");
        await TestSchemas.ScalarAsync<int>(sql.ToString().Replace("{s}", schema));

        await using var store = _schemas.Store(schema);
        var migration = await store.MigrateAsync();

        Assert.Equal(6, migration.FromVersion);
        Assert.Equal(Enumerable.Range(7, PostgresCreditStore.SchemaVersion - 6), migration.Applied);
        Assert.Single(await store.QueryLog.ReadForSubjectAsync(new SubjectId("S-1"), default));
        Assert.True(await store.IssuedGrants.AddAsync(Grant("n-1", "S-1")));
        Assert.Equal(4L, await TestSchemas.ScalarAsync<long>($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema}' AND table_name LIKE 'service\\_%'"));
    }

    [PostgresFact]
    public async Task TextsWithU0000_WritesRefused_LookUpsFindNothing()
    {
        await using var store = await _schemas.MigratedAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => store.IssuedGrants.AddAsync(Grant("n\0", "S-1")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IssuedGrants.AddAsync(Grant("n-1", "S-\0")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Venues.RegisterAsync(new RegisteredVenue { VenueId = "v-1", Name = new LocalizedText("图书馆", "Library"), Kind = "library", CredentialHash = "h\0", RegisteredAt = T }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Accounts.CreateAsync(new Account { Id = "a-1", UserName = "u\0", NormalizedUserName = "U", SecurityStamp = "s", ConcurrencyStamp = "c", Role = "center", CreatedAt = T }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.KeyRing.AddAsync(new KeyRingEntry { Purpose = "p", Name = "n", Material = "m\0", CreatedAt = T }));
        Assert.Equal(0L, await TestSchemas.ScalarAsync<long>($"SELECT (SELECT count(*) FROM {store.Schema}.service_issued_grants) + (SELECT count(*) FROM {store.Schema}.service_venues) + (SELECT count(*) FROM {store.Schema}.service_accounts) + (SELECT count(*) FROM {store.Schema}.service_key_ring)"));

        Assert.True(await store.IssuedGrants.AddAsync(Grant("n-1", "S-1")));
        Assert.Null(await store.IssuedGrants.FindAsync("n-1\0"));
        Assert.Empty(await store.IssuedGrants.ListForSubjectAsync(new SubjectId("S-1\0")));
        Assert.False(await store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-1\0", T));
        Assert.Null(await store.Venues.FindAsync("v\0"));
        Assert.False(await store.Venues.DisableAsync("v\0", T));
        Assert.Null(await store.Accounts.FindByIdAsync("a\0"));
        Assert.Null(await store.Accounts.FindByNormalizedNameAsync("A\0"));
        Assert.False(await store.Accounts.DeleteAsync("a\0"));
        Assert.Empty(await store.KeyRing.ListAsync("p\0"));
    }

    [PostgresFact]
    public async Task AccountWrite_RefusedByTheDatabaseForAnotherReason_ThrowsAndIsNotAConflict()
    {
        await using var store = await _schemas.MigratedAsync();
        await TestSchemas.ScalarAsync<int>($"ALTER TABLE {store.Schema}.service_accounts ADD CONSTRAINT no_boom CHECK (id <> 'boom'); SELECT 1");

        var ex = await Assert.ThrowsAsync<PostgresException>(() => store.Accounts.CreateAsync(new Account { Id = "boom", UserName = "b", NormalizedUserName = "B", SecurityStamp = "s", ConcurrencyStamp = "c", Role = "center", CreatedAt = T }));
        Assert.Equal("23514", ex.SqlState);
        Assert.Null(await store.Accounts.FindByIdAsync("boom"));
    }

    private static IssuedGrant Grant(string nonce, string subject) => new()
    {
        Nonce = nonce, Subject = new SubjectId(subject), Grantee = "v-1", Purpose = "healthcare", Scope = DisclosureScope.Grade, IssuedAt = T, ExpiresAt = T + Duration.FromDays(1),
    };
}
