using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ShangdingScore.Cli.Packing;

namespace ShangdingScore.Cli.Tests;

/// <summary><c>shangding pack</c>: one real <c>dotnet pack</c> of the Zhengzhou rules project with a new version, and the refusals that pack nothing.</summary>
public sealed class PackCommandTests : IDisposable
{
    private static readonly string Repository = FindRepository();
    private static readonly string RulesProject = Path.Combine(Repository, "src", "ShangdingScore.Rules.Zhengzhou");

    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Pack_NewVersion_WritesThePackageOfThatVersionHoldingBothRuleSetsAndItsPages()
    {
        var next = _ws.WriteNextRules("zhengzhou.shangding-2027.1.0.json");
        var feed = _ws.Path("feed");

        var r = _ws.RunWithin(TimeSpan.FromMinutes(9), "pack", next, "--project", RulesProject, "--out", feed, "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var package = Path.Combine(feed, "ShangdingScore.Rules.Zhengzhou.2027.1.0.nupkg");
        Assert.Equal(package, (string)JsonNode.Parse(r.Stdout)!["package"]!);
        using (var zip = ZipFile.OpenRead(package))
        {
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.Equal("ShangdingScore.Rules.Zhengzhou", metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
            Assert.Equal("2027.1.0", metadata.Elements().Single(e => e.Name.LocalName == "version").Value);
            var dlls = zip.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.Name == "ShangdingScore.Rules.Zhengzhou.dll").ToList();
            Assert.NotEmpty(dlls);
            foreach (var dll in dlls)
            {
                Assert.Equal(
                    new[] { "ShangdingScore.Rules.Zhengzhou.RuleSets.zhengzhou.shangding-2019.1.0.json", "ShangdingScore.Rules.Zhengzhou.RuleSets.zhengzhou.shangding-2027.1.0.json" },
                    Resources(dll).Where(n => n.Contains(".RuleSets.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            }
        }

        Assert.True(File.Exists(Path.Combine(feed, "docs", "zhengzhou.shangding-2027.1.0.md")));
        Assert.True(File.Exists(Path.Combine(feed, "docs", "zhengzhou.shangding-2027.1.0.html")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Repository, "src"), ".pack-*"));
        Assert.False(File.Exists(Path.Combine(RulesProject, "RuleSets", "zhengzhou.shangding-2027.1.0.json")), "the project itself is left as it was");
    }

    [Fact]
    public void Pack_EffectiveFromNotAfterTheLastShipped_IsRefusedAndPacksNothing()
    {
        var next = _ws.WriteNextRules("next.json", effectiveFrom: "2019-08-01");
        var feed = _ws.Path("feed");

        var r = _ws.Run("pack", next, "--project", RulesProject, "--out", feed);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("[invalid-history]", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("$.effectiveFrom: 2019-08-01 is not after 2019-08-01, when the last shipped version 2019.1.0 takes effect", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(feed), "nothing is written");
    }

    [Fact]
    public void Pack_VersionNotGreaterThanTheShipped_IsRefusedAndPacksNothing()
    {
        var next = _ws.WriteNextRules("next.json", version: "2019.0.9");
        var feed = _ws.Path("feed");

        var r = _ws.Run("pack", next, "--project", RulesProject, "--out", feed, "--json");

        Assert.Equal(1, r.ExitCode);
        var error = JsonNode.Parse(r.Stderr)!["error"]!;
        Assert.Equal("invalid-history", (string)error["code"]!);
        Assert.Contains(error["details"]!.AsArray(), d => ((string)d!).StartsWith("$.version: 2019.0.9 is not greater than 2019.1.0", StringComparison.Ordinal));
        Assert.False(Directory.Exists(feed), "nothing is written");
    }

    [Fact]
    public void Pack_InvalidDocument_IsRefusedWithItsErrorsAndPacksNothing()
    {
        var next = _ws.WriteRules("next.json", doc =>
        {
            doc["version"] = "2027.1.0";
            doc["effectiveFrom"] = "2027-01-01";
            Workspace.Entry(doc, "items", "honour.national")["poinst"] = 20;
        });
        var feed = _ws.Path("feed");

        var r = _ws.Run("pack", next, "--project", RulesProject, "--out", feed);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("[invalid-rule-set]", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("poinst", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(feed), "nothing is written");
    }

    [Fact]
    public void WithVersion_ProjectVersionedByItsRuleSets_ReplacesTheVersion()
    {
        var project = "<Project>\n  <PropertyGroup>\n    <MinVerSkip>true</MinVerSkip>\n    <Version>2019.1.0</Version>\n  </PropertyGroup>\n</Project>\n";

        Assert.Equal(project.Replace("2019.1.0", "2027.1.0", StringComparison.Ordinal), RulePackage.WithVersion(project, "2027.1.0"));
    }

    [Fact]
    public void WithVersion_ProjectWithoutAVersion_GetsOneAtTheEnd()
    {
        var result = RulePackage.WithVersion("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup />\n</Project>\n", "2027.1.0");

        Assert.EndsWith("  <PropertyGroup>\n    <Version>2027.1.0</Version>\n    <MinVerSkip>true</MinVerSkip>\n  </PropertyGroup>\n</Project>\n", result, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Resources(ZipArchiveEntry dll)
    {
        using var buffer = new MemoryStream();
        using (var stream = dll.Open()) stream.CopyTo(buffer);
        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var reader = pe.GetMetadataReader();
        return reader.ManifestResources.Select(h => reader.GetString(reader.GetManifestResource(h).Name)).ToList();
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No ShangdingScore.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
