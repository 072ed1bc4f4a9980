using System.Text;
using NodaTime;

namespace ShangdingScore.Monitoring.Tests;

/// <summary>The compact residence register: the same answers as the hash table of strings, and every problem with its line.</summary>
public sealed class CompactResidenceTests
{
    private static readonly DistrictCatalog Catalog = SyntheticCity.Districts;
    private static readonly LocalDate Day = new(2025, 6, 30);

    [Fact]
    public async Task Load_ManyShortLinesCrlfBomAndNonAsciiIds_AnswersAsTheInMemorySource()
    {
        var codes = Catalog.Districts.Select(d => d.Code).ToArray();
        var placed = Enumerable.Range(0, 5000).Select(i => new KeyValuePair<SubjectId, string>(new SubjectId(i % 7 == 0 ? $"张{i}" : $"{i}"), codes[i % codes.Length])).ToList();
        var text = "\uFEFFsubject,district\r\n" + string.Join("\r\n", placed.Select(p => $" {p.Key.Value} ,{p.Value}")) + "\r\n\r\n";
        var asked = placed.Select(p => p.Key).Concat(new[] { new SubjectId("nobody"), new SubjectId("张"), new SubjectId("S-" + new string('9', 120)) }).ToList();

        var compact = CompactDistrictResidenceSource.Load(Encoding.UTF8.GetBytes(text), Catalog, "r.csv");
        var expected = await new InMemoryDistrictResidenceSource(placed, Catalog).GetDistrictsAsync(asked, Day, default);

        Assert.Equal(5000, compact.Count);
        var actual = await compact.GetDistrictsAsync(asked, Day, default);
        int first = Enumerable.Range(0, asked.Count).FirstOrDefault(i => actual[i] != expected[i], -1);
        Assert.True(first < 0, first < 0 ? null : $"{asked[first]}: expected {expected[first]}, got {actual[first]}");
        Assert.Equal(new string?[] { null, null, null }, (await compact.GetDistrictsAsync(asked, Day, default)).Skip(5000));
    }

    [Fact]
    public void Load_ProblemLines_EachNamedWithItsLine()
    {
        var text = "subject,district\nS-1,410102\nS-2\nS-3,999999\nS-1,410103\n,410102\nS-4,410102,x\n" + new string('x', 129) + ",410102\n";

        var ex = Assert.Throws<InvalidDataException>(() => CompactDistrictResidenceSource.Load(Encoding.UTF8.GetBytes(text), Catalog, "r.csv"));

        var problems = Assert.IsType<string[]>(ex.Data["problems"]);
        Assert.Equal(
            new[]
            {
                "r.csv:3: expected 'subject,district', found 'S-2'.",
                $"r.csv:4: district '999999' is not in {Catalog.Id} {Catalog.Version}.",
                "r.csv:5: subject S-1 is listed twice.",
                "r.csv:6: expected 'subject,district', found ',410102'.",
                "r.csv:7: expected 'subject,district', found 'S-4,410102,x'.",
                "r.csv:8: a subject id is at most 128 characters.",
            },
            problems);
    }

    [Fact]
    public void Load_NoHeaderOrInvalidUtf8_Refused()
    {
        var noHeader = Assert.Throws<InvalidDataException>(() => CompactDistrictResidenceSource.Load(Encoding.UTF8.GetBytes("S-1,410102\n"), Catalog, "r.csv"));
        var bytes = Encoding.UTF8.GetBytes("subject,district\nS-?,410102\n");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;
        var badUtf8 = Assert.Throws<InvalidDataException>(() => CompactDistrictResidenceSource.Load(bytes, Catalog, "r.csv"));

        Assert.Equal("r.csv:1: the first line is the header 'subject,district'.", Assert.IsType<string[]>(noHeader.Data["problems"])[0]);
        Assert.Equal("r.csv:2: the subject id is not UTF-8.", Assert.IsType<string[]>(badUtf8.Data["problems"]).Single());
    }
}
