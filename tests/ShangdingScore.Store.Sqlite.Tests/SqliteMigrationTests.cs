using System.Text;
using Microsoft.Data.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>Upgrading a theme database made by an earlier version keeps what it holds.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task MigrateAsync_FromVersion2_KeepsOldRejectsAndKeysNewOnesByDelivery()
    {
        var path = _folder.File("v2.db");
        CreateAtVersion(path, 2);
        SqliteOpenTests.Execute(path, "INSERT INTO rejects (source, line_number, field, reason, message, raw_text) VALUES ('feed.jsonl', 2, NULL, 'malformed-json', 'old', 'x')");

        await using var store = await SqliteCreditStore.OpenOrCreateAsync(path);
        var rejects = new List<string>();
        await store.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes("\ny\n")), new StoreImportOptions { SourceName = "feed.jsonl" });
        await foreach (var r in store.ReadRejectsAsync("feed.jsonl")) rejects.Add(r.RawText!);

        Assert.Equal(new[] { "x", "y" }, rejects);
        Assert.Equal(SqliteCreditStore.SchemaVersion, (int)SqliteOpenTests.Scalar(path, "SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal(0x53445448L, SqliteOpenTests.Scalar(path, "PRAGMA application_id"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>A database as the library made it when <paramref name="version"/> was its newest schema.</summary>
    internal static void CreateAtVersion(string path, int version)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; " + SqliteSchema.CreateMigrationsTable;
        command.ExecuteNonQuery();
        foreach (var (v, description, sql) in SqliteSchema.Migrations.Where(m => m.Version <= version))
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
            command.CommandText = $"INSERT INTO schema_migrations (version, description) VALUES ({v}, '{description.Replace("'", "''")}')";
            command.ExecuteNonQuery();
        }
    }
}
