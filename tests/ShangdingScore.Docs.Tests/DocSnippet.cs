using System.Text.RegularExpressions;

namespace ShangdingScore.Docs.Tests;

/// <summary>What the marker above a C# block says the test does with it.</summary>
public enum SnippetKind
{
    /// <summary><c>&lt;!-- snippet: run --&gt;</c>: a whole program, compiled and run; lines after <c>prints:</c> must be in its output.</summary>
    Run,

    /// <summary><c>&lt;!-- snippet: compile --&gt;</c>: a whole program or file of types, compiled (it needs files or services the test does not have).</summary>
    Compile,

    /// <summary><c>&lt;!-- snippet: excerpt-of PATH --&gt;</c>: each code line appears in PATH (a source file or another doc's compiled block).</summary>
    Excerpt,
}

/// <summary>One fenced <c>csharp</c> block of a Markdown file, with the marker comment right above it.</summary>
public sealed record DocSnippet(string File, int Line, SnippetKind Kind, string Code, string? ExcerptOf, IReadOnlyList<string> Prints)
{
    private static readonly Regex Marker = new(
        @"^<!--\s*snippet:\s*(?<kind>run|compile|excerpt-of)(?:\s+(?<path>[^\s]+))?(?:\s*,?\s*prints:\s*(?<prints>.*?))?\s*-->\s*$",
        RegexOptions.CultureInvariant);

    /// <summary>A name for the test case: file and line.</summary>
    public override string ToString() => $"{File}:{Line}";

    /// <summary>Reads every csharp block of a Markdown file (path relative to the repository root).</summary>
    /// <exception cref="FormatException">A block has no marker, or a marker is malformed.</exception>
    public static IEnumerable<DocSnippet> ReadAll(string root, string relativePath)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(root, relativePath));
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp") continue;
            int start = i + 1, end = start;
            while (end < lines.Length && lines[end].TrimEnd() != "```") end++;
            if (end == lines.Length) throw new FormatException($"{relativePath}:{i + 1}: a ```csharp block is not closed.");
            var code = string.Join("\n", lines[start..end]) + "\n";
            int m = i - 1;
            while (m >= 0 && lines[m].Trim().Length == 0) m--;
            var match = m >= 0 ? Marker.Match(lines[m].Trim()) : Match.Empty;
            if (!match.Success)
            {
                throw new FormatException(
                    $"{relativePath}:{i + 1}: a ```csharp block needs a marker right above it: <!-- snippet: run -->, <!-- snippet: compile --> or <!-- snippet: excerpt-of PATH --> (tests/ShangdingScore.Docs.Tests).");
            }

            var kind = match.Groups["kind"].Value switch { "run" => SnippetKind.Run, "compile" => SnippetKind.Compile, _ => SnippetKind.Excerpt };
            var path = match.Groups["path"].Success ? match.Groups["path"].Value : null;
            if ((kind == SnippetKind.Excerpt) != (path is not null))
            {
                throw new FormatException($"{relativePath}:{m + 1}: only excerpt-of takes a path, and it needs one.");
            }

            var prints = match.Groups["prints"].Success
                ? match.Groups["prints"].Value.Split('|').Select(p => p.Trim()).Where(p => p.Length > 0).ToArray()
                : Array.Empty<string>();
            yield return new DocSnippet(relativePath.Replace('\\', '/'), i + 1, kind, code, path, prints);
            i = end;
        }
    }
}
