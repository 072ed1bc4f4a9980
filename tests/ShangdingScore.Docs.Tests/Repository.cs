namespace ShangdingScore.Docs.Tests;

/// <summary>The repository's Markdown files that hold C# code a reader copies.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>README.md, docs/*.md (not the generated rule pages) and every package's README.md.</summary>
    public static IEnumerable<string> MarkdownFiles()
    {
        yield return "README.md";
        foreach (var dir in new[] { "docs", "src", "adapters", "samples" })
        {
            var full = Path.Combine(Root, dir);
            var files = dir == "docs"
                ? Directory.EnumerateFiles(full, "*.md", SearchOption.TopDirectoryOnly)
                : Directory.EnumerateDirectories(full).Select(d => Path.Combine(d, "README.md")).Where(File.Exists);
            foreach (var f in files.OrderBy(f => f, StringComparer.Ordinal)) yield return Path.GetRelativePath(Root, f).Replace('\\', '/');
        }
    }

    public static IReadOnlyList<DocSnippet> Snippets { get; } = MarkdownFiles().SelectMany(f => DocSnippet.ReadAll(Root, f)).ToArray();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (ShangdingScore.Sdk.sln) was not found above " + AppContext.BaseDirectory);
    }
}
