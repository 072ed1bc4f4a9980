using System.Text.RegularExpressions;

// Snippets that run set Console.Out and the working directory, which are process-wide.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ShangdingScore.Docs.Tests;

/// <summary>
/// Every C# block a reader can copy from the README, docs/ and the package READMEs compiles as written — its own
/// <c>using</c> lines, every name it uses declared — and the ones marked <c>run</c> run and print what they say.
/// </summary>
public class DocSnippetTests
{
    public static TheoryData<string> Compiled() => Cases(s => s.Kind != SnippetKind.Excerpt);

    public static TheoryData<string> Run() => Cases(s => s.Kind == SnippetKind.Run);

    public static TheoryData<string> Excerpts() => Cases(s => s.Kind == SnippetKind.Excerpt);

    [Theory]
    [MemberData(nameof(Compiled))]
    public void Snippet_CompilesAsWritten(string id)
    {
        var (image, errors) = SnippetCompiler.Compile(Find(id));
        Assert.True(image is not null, $"{id} does not compile as written:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [MemberData(nameof(Run))]
    public async Task Snippet_RunsAndPrintsWhatItSays(string id)
    {
        var snippet = Find(id);
        var (image, errors) = SnippetCompiler.Compile(snippet);
        Assert.True(image is not null, $"{id} does not compile as written:\n{string.Join("\n", errors)}");
        var dir = Directory.CreateTempSubdirectory("shangding-snippet-");
        try
        {
            var output = await SnippetCompiler.RunAsync(image!, dir.FullName);
            foreach (var expected in snippet.Prints) Assert.Contains(expected, output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Excerpts))]
    public void Excerpt_EveryCodeLine_IsInItsSource(string id)
    {
        var snippet = Find(id);
        var sourceLines = SourceLines(snippet.ExcerptOf!);
        foreach (var line in CodeLines(snippet.Code))
        {
            Assert.True(sourceLines.Contains(line), $"{id}: the line `{line}` is not in {snippet.ExcerptOf} (an excerpt must be a copy of the compiled code)");
        }
    }

    [Fact]
    public void EveryMarkdownFile_WithCSharp_IsRead()
    {
        // The README's example and the venue DI example are the ones readers copy most: they must be run, not only compiled.
        Assert.Contains(Repository.Snippets, s => s.File == "README.md" && s.Kind == SnippetKind.Run);
        Assert.Contains(Repository.Snippets, s => s.File == "docs/venues.md" && s.Kind == SnippetKind.Run && s.Code.Contains("AddShangdingScore", StringComparison.Ordinal));
        Assert.True(Repository.Snippets.Count >= 15, $"only {Repository.Snippets.Count} snippets were found");
    }

    [Fact]
    public void Marker_Missing_IsReportedWithFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("shangding-md-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "x.md"), "# X\n\n```csharp\nvar a = 1;\n```\n");
            var e = Assert.Throws<FormatException>(() => DocSnippet.ReadAll(dir.FullName, "x.md").ToList());
            Assert.StartsWith("x.md:3:", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Compile_AnUndeclaredName_FailsWithTheMarkdownLine()
    {
        var snippet = new DocSnippet("x.md", 10, SnippetKind.Compile, "var a = 1;\nConsole.WriteLine(services);\n", null, Array.Empty<string>());
        var (image, errors) = SnippetCompiler.Compile(snippet);
        Assert.Null(image);
        Assert.Contains(errors, e => e.StartsWith("x.md:12: CS0103", StringComparison.Ordinal));
    }

    private static TheoryData<string> Cases(Func<DocSnippet, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (var s in Repository.Snippets.Where(which)) data.Add(s.ToString());
        return data;
    }

    private static DocSnippet Find(string id) => Repository.Snippets.Single(s => s.ToString() == id);

    private static HashSet<string> SourceLines(string path)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, path));
        if (path.EndsWith(".md", StringComparison.Ordinal))
        {
            // An excerpt of a doc is an excerpt of that doc's compiled blocks.
            text = string.Concat(Repository.Snippets.Where(s => s.File == path && s.Kind != SnippetKind.Excerpt).Select(s => s.Code));
        }

        return CodeLines(text).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Lines of code with comments and white space at the ends removed; blank and comment-only lines are skipped.</summary>
    private static IEnumerable<string> CodeLines(string code) =>
        code.Split('\n')
            .Select(l => Regex.Replace(l, @"\s*//.*$", string.Empty).Trim())
            .Where(l => l.Length > 0);
}
