using Microsoft.Data.Sqlite;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>What the service-state contract suite cannot check through the interface: migration 7, the migrated and disposed checks, and failures that are not conflicts.</summary>
public sealed class SqliteServiceStateTests : IDisposable
{
    private static readonly Instant T = Instant.FromUtc(2026, 6, 1, 2, 0);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ServiceState_BeforeMigrate_ThrowsInvalidOperation_AfterDispose_ObjectDisposed()
    {
        var store = new SqliteCreditStore(_folder.File("unmigrated.db"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Venues.ListAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.IssuedGrants.AddAsync(Grant("n-1")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Accounts.FindByIdAsync("a-1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.KeyRing.ListAsync("data-protection"));

        await store.MigrateAsync();
        Assert.True(await store.IssuedGrants.AddAsync(Grant("n-1")));
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Venues.ListAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-1", T));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Accounts.DeleteAsync("a-1"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.KeyRing.AddAsync(new KeyRingEntry { Purpose = "p", Name = "n", Material = "m", CreatedAt = T }));
    }

    [Fact]
    public async Task OpenExistingAsync_Version6Database_RefusedUntilMigrated_Migration7AddsTheServiceTablesAndKeepsTheGrantState()
    {
        var path = _folder.File("v6.db");
        SqliteMigrationTests.CreateAtVersion(path, 6);
        SqliteOpenTests.Execute(path, "INSERT INTO used_nonces (nonce, remember_until) VALUES ('kept', 9223372036854775807)");

        var refused = await Assert.ThrowsAsync<SqliteStoreOpenException>(() => SqliteCreditStore.OpenExistingAsync(path));
        Assert.Equal(SqliteStoreOpenFailure.SchemaOlder, refused.Reason);

        await using (var migrated = new SqliteCreditStore(path))
        {
            var result = await migrated.MigrateAsync();
            Assert.Equal(6, result.FromVersion);
            Assert.Equal(Enumerable.Range(7, SqliteCreditStore.SchemaVersion - 6), result.Applied);
        }

        await using var store = await SqliteCreditStore.OpenExistingAsync(path);
        Assert.Equal(1L, SqliteOpenTests.Scalar(path, "SELECT COUNT(*) FROM used_nonces WHERE nonce = 'kept'"));
        Assert.True(await store.IssuedGrants.AddAsync(Grant("n-1")));
        Assert.Equal(
            new[] { "service_accounts", "service_issued_grants", "service_key_ring", "service_venues" },
            Tables(path).Where(t => t.StartsWith("service_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AccountWrite_RefusedByTheDatabaseForAnotherReason_ThrowsAndIsNotAConflict()
    {
        var path = _folder.File("refused.db");
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(path);
        SqliteOpenTests.Execute(path, "CREATE TRIGGER refuse_boom BEFORE INSERT ON service_accounts WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END");

        var ex = await Assert.ThrowsAsync<SqliteException>(() => store.Accounts.CreateAsync(new Account { Id = "boom", UserName = "b", NormalizedUserName = "B", SecurityStamp = "s", ConcurrencyStamp = "c", Role = "center", CreatedAt = T }));
        Assert.Contains("boom refused", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.Accounts.FindByIdAsync("boom"));
    }

    [Fact]
    public async Task Venues_KeepOnlyTheCredentialHash_InTheFile()
    {
        var path = _folder.File("hash-only.db");
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(path);
        await store.Venues.RegisterAsync(new RegisteredVenue { VenueId = "v-1", Name = new LocalizedText("图书馆", "Library"), Kind = "library", CredentialHash = "h$1", RegisteredAt = T });

        var columns = Columns(path, "service_venues");
        Assert.Contains("credential_hash", columns);
        Assert.DoesNotContain(columns, c => c.Contains("secret", StringComparison.Ordinal) || c == "credential");
        Assert.Equal(new[] { "h$1" }, Query(path, "SELECT credential_hash FROM service_venues"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static IssuedGrant Grant(string nonce) => new()
    {
        Nonce = nonce, Subject = new SubjectId("S-1"), Grantee = "v-1", Purpose = "healthcare", Scope = DisclosureScope.Grade, IssuedAt = T, ExpiresAt = T + Duration.FromDays(1),
    };

    private static string[] Tables(string path) => Query(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");

    private static string[] Columns(string path, string table) => Query(path, $"SELECT name FROM pragma_table_info('{table}')");

    private static string[] Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names.ToArray();
    }
}
