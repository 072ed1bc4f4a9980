namespace ShangdingScore.Tests.Rules;

/// <summary>Finds files of the repository from the test output folder.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding ShangdingScore.Sdk.sln, found by walking up from the test binaries.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) return dir.FullName;
            }

            throw new InvalidOperationException($"ShangdingScore.Sdk.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());
}
