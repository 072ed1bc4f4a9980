using System.Text;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The contract's deliveries: rejects are kept per delivery (a file's content, not its name), spec §4.</summary>
public abstract partial class StoreConformanceTests<TStore>
{
    [StoreFact]
    public async Task ImportAsync_TwoDeliveriesUnderOneSourceName_KeepsBothSetsOfRejects()
    {
        await using var store = await CreateMigratedAsync();
        var monday = Text(Sample.Record("r1", "S-1")) + "{monday is broken\n";
        var tuesday = Text(Sample.Record("r2", "S-2")) + "[\"tuesday is broken too\"]\n";
        var first = await store.ImportAsync(Utf8(monday), Options("feed.jsonl"));
        var second = await store.ImportAsync(Utf8(tuesday), Options("feed.jsonl"));

        Assert.Equal(1, first.LinesSetAside);
        Assert.Equal(1, second.LinesSetAside);
        var rejects = await ToListAsync(store.ReadRejectsAsync("feed.jsonl"));
        Assert.Equal(new long[] { 2, 2 }, rejects.Select(r => r.LineNumber));
        Assert.Equal(new[] { "[\"tuesday is broken too\"]", "{monday is broken" }, rejects.Select(r => r.RawText).OrderBy(t => t, StringComparer.Ordinal));
        Assert.Equal(2, (await store.CountAsync()).Rejects);
        Assert.NotEqual(first.DeliveryId, second.DeliveryId);

        // The same content again is the same delivery: nothing doubled.
        var again = await store.ImportAsync(Utf8(monday), Options("feed.jsonl"));
        await store.ImportAsync(Utf8(tuesday), Options("feed.jsonl"));
        Assert.Equal(first.DeliveryId, again.DeliveryId);
        Assert.Equal(1, again.LinesSetAside);
        Assert.Equal(2, (await store.CountAsync()).Rejects);
    }

    [StoreFact]
    public async Task ImportAsync_StreamThatCannotSeek_SameDeliveryAndStoreAsASeekableOne()
    {
        await using var seekable = await CreateMigratedAsync();
        await using var forwardOnly = await CreateMigratedAsync();
        var text = Text(Sample.Record("r1", "S-1", Sample.Disputed(2)), Sample.Record("r2", "S-2")) + "oops\n";
        var a = await seekable.ImportAsync(Utf8(text), Options("f.jsonl"));
        var b = await forwardOnly.ImportAsync(new ForwardOnlyStream(Encoding.UTF8.GetBytes(text)), Options("f.jsonl"));

        Assert.StartsWith("sha256:", a.DeliveryId, StringComparison.Ordinal);
        Assert.Equal(71, a.DeliveryId!.Length);
        Assert.Equal(a.DeliveryId, b.DeliveryId);
        Assert.Equal(await seekable.CountAsync(), await forwardOnly.CountAsync());
        Assert.Equal(await SnapshotAsync(seekable, SubjectScan.All), await SnapshotAsync(forwardOnly, SubjectScan.All));
        Assert.Equal(
            (await ToListAsync(seekable.ReadRejectsAsync())).Select(r => r.ToString()),
            (await ToListAsync(forwardOnly.ReadRejectsAsync())).Select(r => r.ToString()));
    }

    /// <summary>A stream that reads forward only, like a network body.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
