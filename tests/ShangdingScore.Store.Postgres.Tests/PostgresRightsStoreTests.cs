using System.Collections.Immutable;
using NodaTime;
using Npgsql;
using ShangdingScore.Rights;
using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>What the rights contract suite cannot check through the interface: the journal is append-only in the schema, an append is one transaction, U+0000 is refused.</summary>
public sealed class PostgresRightsStoreTests : IAsyncLifetime
{
    private static readonly Instant T = Instant.FromUtc(2026, 6, 1, 2, 0);
    private readonly TestSchemas _schemas = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task RightsEntries_UpdateDeleteOrTruncate_RefusedByTheSchema()
    {
        await using var store = await _schemas.MigratedAsync();
        Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = ImmutableArray.Create(Entry(1, RightsChain.GenesisHash)) }));

        var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"UPDATE {store.Schema}.rights_entries SET payload = '{{\"forged\":true}}'"));
        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"DELETE FROM {store.Schema}.rights_entries"));
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"TRUNCATE {store.Schema}.rights_entries"));
        Assert.Equal(1L, await TestSchemas.ScalarAsync<long>($"SELECT count(*) FROM {store.Schema}.rights_entries"));
    }

    [PostgresFact]
    public async Task TryAppendAsync_MessageInsertFails_NeitherEntriesNorMessagesKept()
    {
        await using var store = await _schemas.MigratedAsync();
        var s = store.Schema;
        await ExecuteAsync($"""
            CREATE FUNCTION {s}.refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id = 'boom' THEN RAISE EXCEPTION 'boom refused'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_boom BEFORE INSERT ON {s}.rights_outbox FOR EACH ROW EXECUTE FUNCTION {s}.refuse_boom();
            """);
        var first = Entry(1, RightsChain.GenesisHash);

        await Assert.ThrowsAsync<PostgresException>(() => store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = ImmutableArray.Create(first, Entry(2, first.Hash)), Messages = ImmutableArray.Create(Message("fine"), Message("boom")) }));

        Assert.Null(await store.ReadTailAsync());
        Assert.Equal(0L, await TestSchemas.ScalarAsync<long>($"SELECT count(*) FROM {s}.rights_outbox"));
        Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = ImmutableArray.Create(first), Messages = ImmutableArray.Create(Message("fine")) }));
    }

    [PostgresFact]
    public async Task TryAppendAndEnqueue_TextWithNul_RefusedWithArgumentAndNothingWritten()
    {
        await using var store = await _schemas.MigratedAsync();
        var nul = RightsEntry.Seal(1, T, new SubjectId("S-1"), "dispute-filed", null, "S-1", "citizen", "{\"text\":\"a\0b\"}", RightsChain.GenesisHash);

        var entry = await Assert.ThrowsAsync<ArgumentException>(() => store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = ImmutableArray.Create(nul) }));
        Assert.Contains("U+0000", entry.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(new[] { Message("ok"), Message("bad\0id") }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ClaimAsync(new OutboxClaim { Owner = "d\0", Now = T, LeaseFor = Duration.FromMinutes(1) }));
        Assert.False(await store.MarkSentAsync("bad\0id", T));
        Assert.Null(await store.ReadTailAsync());
        Assert.Equal(0L, await TestSchemas.ScalarAsync<long>($"SELECT count(*) FROM {store.Schema}.rights_outbox"));
        await foreach (var _ in store.ReadEntriesAsync(new RightsEntryQuery { Subject = new SubjectId("S\0") })) Assert.Fail("no entry expected");
    }

    private static RightsEntry Entry(long sequence, string previous) =>
        RightsEntry.Seal(sequence, T + Duration.FromMinutes(sequence), new SubjectId("S-1"), "dispute-filed", "S-1/r1/dispute/1", "S-1", "citizen", "{\"n\":" + sequence + "}", previous);

    private static OutboxMessage Message(string id) => new(id, new SubjectId("S-1"), "S-1", "dispute-filed", "{}", T);

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresEnvironment.RequireConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
