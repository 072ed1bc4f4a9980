using System.Data.Common;
using ShangdingScore.Store.Sqlite;

namespace ShangdingScore.Cli.Infrastructure;

/// <summary>Opens an existing SQLite theme database for reading; the tool never creates one.</summary>
internal static class StoreFiles
{
    /// <summary>Opens <paramref name="path"/> (migrating an older schema); a missing or unreadable file is an I/O failure (exit 3), a foreign schema is <see cref="FailureCodes.InvalidStore"/>.</summary>
    public static async Task<SqliteCreditStore> OpenAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) throw CliFailure.Io(path, new FileNotFoundException("the theme database does not exist."));
        try
        {
            return await SqliteCreditStore.OpenOrCreateAsync(path, ct).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw CliFailure.Io(path, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidStore, $"{path}: {ex.Message}");
        }
    }
}
