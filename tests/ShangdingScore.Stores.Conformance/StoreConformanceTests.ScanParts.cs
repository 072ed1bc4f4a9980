using NodaTime;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The contract's split scan: <see cref="ICreditStore.OpenSubjectScanAsync"/> reads what the whole scan reads, in disjoint ordered parts, from one snapshot.</summary>
public abstract partial class StoreConformanceTests<TStore>
{
    private static readonly string[] SplitIds = { "S-b", "S-a", "S-\uFB01", "S-\U0001F600", "S-\U0001F600x", "S-a1", "T", "S-\uFFFD", "\U0001F601" };

    [StoreFact]
    public async Task OpenSubjectScanAsync_AnyNumberOfParts_SameSubjectsAsTheWholeScanDisjointEachInCodePointOrder()
    {
        await using var store = await CreateMigratedAsync();
        var population = Sample.Population(subjects: 200, seed: 5);
        await store.ImportAsync(Utf8(population.Text), Options("population.jsonl"));
        await store.SetEnrolmentsAsync(population.Enrolments);
        await store.ImportAsync(Lines(SplitIds.Select((s, i) => Sample.Record($"u{i}", s, i % 2 == 0 ? Sample.Disputed(i) : null)).ToArray()), Options("u.jsonl"));
        await store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-enrolled-only"), Enrolment.Since(new LocalDate(2020, 1, 1))), new SubjectEnrolment(new SubjectId("~last"), Enrolment.Since(new LocalDate(2020, 1, 1))) });

        foreach (var knownAt in new Instant?[] { null, Sample.At(3) })
        {
            var scan = new SubjectScan { KnownAt = knownAt };
            var whole = await SnapshotAsync(store, scan);
            foreach (int parts in new[] { 1, 2, 3, 7 })
            {
                var read = await ReadPartsAsync(store, scan, parts);
                Assert.InRange(read.Count, 1, parts);
                foreach (var part in read)
                {
                    var subjects = part.Select(p => p.Subject).ToList();
                    Assert.Equal(subjects.OrderBy(s => s, SubjectOrder.Instance), subjects);
                    Assert.Equal(subjects.Count, subjects.Distinct(StringComparer.Ordinal).Count());
                }

                var together = read.SelectMany(p => p).OrderBy(p => p.Subject, SubjectOrder.Instance).Select(p => p.Text).ToList();
                Assert.Equal(whole, together);
            }
        }
    }

    [StoreFact]
    public async Task OpenSubjectScanAsync_WritesAfterOpening_NoPartSeesThem()
    {
        await using var store = await CreateMigratedAsync();
        await store.ImportAsync(Lines(Enumerable.Range(0, 60).Select(i => Sample.Record($"r{i}", $"S-{i:D3}")).ToArray()), Options("a.jsonl"));
        var before = await SnapshotAsync(store, SubjectScan.All);

        await using var scan = await store.OpenSubjectScanAsync(SubjectScan.All, 3);
        await store.ImportAsync(Lines(Enumerable.Range(0, 60).Select(i => Sample.Record($"n{i}", i % 2 == 0 ? $"S-{i:D3}" : $"S-{i:D3}-new", Sample.Disputed(1))).ToArray()), Options("b.jsonl"));
        await store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-001"), Enrolment.Since(new LocalDate(2020, 1, 1))) });
        var parts = await Task.WhenAll(scan.Parts.Select(p => Task.Run(() => TextsAsync(p))));

        Assert.Equal(before, parts.SelectMany(p => p).OrderBy(p => p.Subject, SubjectOrder.Instance).Select(p => p.Text));
        Assert.NotEqual(before, await SnapshotAsync(store, SubjectScan.All));
    }

    [StoreFact]
    public async Task OpenSubjectScanAsync_EmptyStoreOrNoParts_NothingReadOrRefused()
    {
        await using var store = await CreateMigratedAsync();
        Assert.Empty((await ReadPartsAsync(store, SubjectScan.All, 2)).SelectMany(p => p));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.OpenSubjectScanAsync(SubjectScan.All, 0));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.OpenSubjectScanAsync(null!, 2));
    }

    private static async Task<List<List<(string Subject, string Text)>>> ReadPartsAsync(ICreditStore store, SubjectScan scan, int parts)
    {
        await using var split = await store.OpenSubjectScanAsync(scan, parts);
        return (await Task.WhenAll(split.Parts.Select(p => Task.Run(() => TextsAsync(p))))).ToList();
    }

    private static async Task<List<(string Subject, string Text)>> TextsAsync(IAsyncEnumerable<SubjectSnapshot> part)
    {
        var list = new List<(string, string)>();
        await foreach (var s in part) list.Add((s.Subject.Value, Text(s)));
        return list;
    }
}
