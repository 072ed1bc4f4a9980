using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Rules;

namespace ShangdingScore.Cli.Packing;

/// <summary>
/// A rules project (such as <c>src/ShangdingScore.Rules.Zhengzhou</c>): one <c>.csproj</c> and a <c>RuleSets</c>
/// folder of <c>&lt;id&gt;-&lt;version&gt;.json</c> files embedded in it; packed with a new version added, on a copy.
/// </summary>
internal sealed class RulePackage
{
    private RulePackage(string directory, string projectFile, IReadOnlyList<(string Path, RuleSet RuleSet)> shipped)
    {
        Directory = directory;
        ProjectFile = projectFile;
        Shipped = shipped;
    }

    /// <summary>The project's folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The project file (full path).</summary>
    public string ProjectFile { get; }

    /// <summary>The versions already in its RuleSets folder, by <c>effectiveFrom</c>.</summary>
    public IReadOnlyList<(string Path, RuleSet RuleSet)> Shipped { get; }

    /// <summary>Reads the project's folder and loads every shipped version (an invalid one refuses the project).</summary>
    public static RulePackage Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full)) throw CliFailure.Io(directory, new DirectoryNotFoundException("the rules project's folder does not exist."));
        var projects = System.IO.Directory.GetFiles(full, "*.csproj");
        if (projects.Length != 1)
        {
            throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidProject, $"{directory}: a rules project folder holds exactly one .csproj; found {projects.Length}.");
        }

        var ruleSets = Path.Combine(full, "RuleSets");
        if (!System.IO.Directory.Exists(ruleSets))
        {
            throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidProject, $"{directory}: there is no RuleSets folder of shipped rule-set versions.");
        }

        var shipped = System.IO.Directory.GetFiles(ruleSets, "*.json").OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, RuleSources.LoadValid(p)))
            .OrderBy(s => s.Item2.EffectiveFrom).ToList();
        return new RulePackage(full, projects[0], shipped);
    }

    /// <summary>
    /// The history check of a new version against the shipped ones of its id: its <c>effectiveFrom</c> must be after
    /// the last shipped one's and its version greater than every shipped version; a project that ships another id refuses it.
    /// Returns the last shipped version (null when the project ships none yet).
    /// </summary>
    public RuleSet? CheckNext(RuleSet next, string file)
    {
        var ids = Shipped.Select(s => s.RuleSet.Id).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > 0 && !ids.Contains(next.Id, StringComparer.Ordinal))
        {
            throw History($"{file}: rule set {next.Id} does not belong in {Directory}, which ships {string.Join(", ", ids)}.");
        }

        var mine = Shipped.Where(s => s.RuleSet.Id == next.Id).Select(s => s.RuleSet).ToList();
        if (mine.Count == 0) return null;
        var last = mine[^1];
        var highest = mine.Max(r => r.Version)!;
        var errors = new List<string>();
        if (next.EffectiveFrom <= last.EffectiveFrom)
        {
            errors.Add($"$.effectiveFrom: {Fmt.Date(next.EffectiveFrom)} is not after {Fmt.Date(last.EffectiveFrom)}, when the last shipped version {last.Version} takes effect; a new version must take effect later. [{ValidateHistoryCodes.EffectiveFrom}]");
        }

        if (next.Version.CompareTo(highest) <= 0)
        {
            errors.Add($"$.version: {next.Version} is not greater than {highest}, the highest shipped version. [{ValidateHistoryCodes.Version}]");
        }

        if (errors.Count > 0) throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidHistory, $"{file}: {next.Id} {next.Version} cannot follow the versions in {Path.Combine(Directory, "RuleSets")}", errors);
        return last;
    }

    /// <summary>
    /// Copies the project beside itself (<c>.pack-&lt;guid&gt;</c> in the same parent folder, so its relative project
    /// references and the repository's build settings still apply), adds <paramref name="json"/> to the copy's
    /// RuleSets folder as <c>&lt;id&gt;-&lt;version&gt;.json</c>, sets the copy's <c>&lt;Version&gt;</c> to the new
    /// version, runs <c>dotnet pack</c> on it into <paramref name="feed"/> and deletes the copy. Returns the package written.
    /// </summary>
    public string Pack(RuleSet next, byte[] json, string feed, CancellationToken ct)
    {
        var copy = Path.Combine(Path.GetDirectoryName(Directory)!, ".pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyProject(Directory, copy);
            File.WriteAllBytes(Path.Combine(copy, "RuleSets", $"{next.Id}-{next.Version}.json"), json);
            var project = Path.Combine(copy, Path.GetFileName(ProjectFile));
            File.WriteAllText(project, WithVersion(File.ReadAllText(project), next.Version.ToString()), new UTF8Encoding(false));
            System.IO.Directory.CreateDirectory(feed);
            var pattern = $"*.{next.Version}.nupkg";
            var before = System.IO.Directory.GetFiles(feed, pattern).ToDictionary(p => p, File.GetLastWriteTimeUtc, StringComparer.Ordinal);
            DotnetPack(project, Path.GetFullPath(feed), ct);
            var package = System.IO.Directory.GetFiles(feed, pattern)
                .FirstOrDefault(p => !before.TryGetValue(p, out var written) || written != File.GetLastWriteTimeUtc(p));
            return package ?? throw new CliFailure(ExitCodes.External, FailureCodes.PackFailed, $"dotnet pack finished but wrote no package of version {next.Version} into {feed}.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Io(copy, ex);
        }
        finally
        {
            if (System.IO.Directory.Exists(copy)) System.IO.Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>
    /// The project text with its version set: the value of an existing <c>&lt;Version&gt;</c> (a project versioned by its
    /// newest rule set, docs/packaging.md) is replaced; a project without one gets a property group that sets it.
    /// A <c>-p:Version=</c> on the command line would not do: a global property flows into the referenced core project too.
    /// </summary>
    internal static string WithVersion(string project, string version)
    {
        var element = new Regex("<Version>[^<]*</Version>", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (element.Matches(project).Count == 1) return element.Replace(project, $"<Version>{version}</Version>");
        int end = project.LastIndexOf("</Project>", StringComparison.Ordinal);
        if (end < 0) throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidProject, "the project file has no </Project>.");
        return project[..end] + $"  <PropertyGroup>\n    <Version>{version}</Version>\n    <MinVerSkip>true</MinVerSkip>\n  </PropertyGroup>\n" + project[end..];
    }

    private static void CopyProject(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in System.IO.Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj" || name.StartsWith('.')) continue;
            CopyProject(dir, Path.Combine(to, name));
        }
    }

    private static void DotnetPack(string project, string feed, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var a in new[] { "pack", project, "-c", "Release", "-o", feed, "--nologo", "-v:q", "-clp:ErrorsOnly", "--disable-build-servers" }) start.ArgumentList.Add(a);

        // No build server or node stays behind holding the output pipes; nothing of a calling MSBuild leaks in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new CliFailure(ExitCodes.External, FailureCodes.PackFailed, $"dotnet could not be started: {ex.Message}");
        }

        using (process)
        using (ct.Register(() => process.Kill(entireProcessTree: true)))
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            process.WaitForExit();
            ct.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                var lines = (stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult()).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
                throw new CliFailure(ExitCodes.External, FailureCodes.PackFailed, $"dotnet pack of the rules project failed (exit {process.ExitCode})", lines);
            }
        }
    }

    private static CliFailure History(string message) => new(ExitCodes.Invalid, FailureCodes.InvalidHistory, message);
}

/// <summary>The codes of <c>pack</c>'s history refusals.</summary>
internal static class ValidateHistoryCodes
{
    public const string EffectiveFrom = "not-after-last-shipped";
    public const string Version = "version-not-greater";
}
