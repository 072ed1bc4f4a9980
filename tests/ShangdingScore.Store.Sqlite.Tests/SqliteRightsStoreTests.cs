using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using NodaTime;
using ShangdingScore.Rights;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>What the rights contract suite cannot check through the interface: the journal is append-only in the file, and an append is one transaction.</summary>
public sealed class SqliteRightsStoreTests : IDisposable
{
    private static readonly Instant T = Instant.FromUtc(2026, 6, 1, 2, 0);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task RightsEntries_UpdateOrDeleteInTheFile_RefusedByTheSchema()
    {
        var path = _folder.File("append-only.db");
        await using (var store = await SqliteCreditStore.OpenOrCreateAsync(path))
        {
            Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = ImmutableArray.Create(Entry(1, RightsChain.GenesisHash)) }));
        }

        var update = Assert.Throws<SqliteException>(() => Execute(path, "UPDATE rights_entries SET payload = '{\"forged\":true}'"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Throws<SqliteException>(() => Execute(path, "DELETE FROM rights_entries"));
        Assert.Equal(1L, SqliteOpenTests.Scalar(path, "SELECT COUNT(*) FROM rights_entries"));
    }

    [Fact]
    public async Task TryAppendAsync_MessageInsertFails_NeitherEntriesNorMessagesKept()
    {
        var path = _folder.File("atomic.db");
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(path);
        Execute(path, "CREATE TRIGGER refuse_boom BEFORE INSERT ON rights_outbox WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
        var first = Entry(1, RightsChain.GenesisHash);
        var messages = ImmutableArray.Create(Message("fine"), Message("boom"));

        await Assert.ThrowsAsync<SqliteException>(() => store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = ImmutableArray.Create(first, Entry(2, first.Hash)), Messages = messages }));

        Assert.Null(await store.ReadTailAsync());
        Assert.Equal(0L, SqliteOpenTests.Scalar(path, "SELECT COUNT(*) FROM rights_outbox"));
        Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = ImmutableArray.Create(first), Messages = ImmutableArray.Create(Message("fine")) }));
    }

    public void Dispose() => _folder.Dispose();

    private static RightsEntry Entry(long sequence, string previous) =>
        RightsEntry.Seal(sequence, T + Duration.FromMinutes(sequence), new SubjectId("S-1"), "dispute-filed", "S-1/r1/dispute/1", "S-1", "citizen", "{\"n\":" + sequence + "}", previous);

    private static OutboxMessage Message(string id) => new(id, new SubjectId("S-1"), "S-1", "dispute-filed", "{}", T);

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
