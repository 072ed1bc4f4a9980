using System.Globalization;
using Npgsql;
using ShangdingScore.Store.Postgres;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Service.Load;

/// <summary>
/// Where a load run's data is: the folder with <c>load.plan</c>, <c>venues.tsv</c> and <c>grants.tsv</c>, and the store
/// (SQLite at <c>FOLDER/theme.db</c>, where the sample host's <c>Shangding:DataDirectory</c> finds it, or a PostgreSQL
/// schema; the connection string comes from <c>SHANGDING_PG_CONNECTION</c> and is never written to the folder).
/// </summary>
public sealed class LoadPlan
{
    /// <summary>The folder of the plan's files.</summary>
    public required string Folder { get; init; }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public required string Store { get; init; }

    /// <summary>The PostgreSQL schema (for <c>postgres</c>).</summary>
    public string Schema { get; init; } = "sdss_load";

    /// <summary>How many subjects the theme database holds (grants name subjects drawn among them).</summary>
    public int Subjects { get; init; }

    /// <summary>The SQLite theme database.</summary>
    public string SqlitePath => Path.Combine(Folder, "theme.db");

    /// <summary>The venues with their secrets (<c>id \t kind \t secret</c>).</summary>
    public string VenuesPath => Path.Combine(Folder, "venues.tsv");

    /// <summary>The grants (<c>venue \t benefit \t token</c>), each to be redeemed once.</summary>
    public string GrantsPath => Path.Combine(Folder, "grants.tsv");

    /// <summary>This plan's file.</summary>
    public string PlanPath => Path.Combine(Folder, "load.plan");

    /// <summary>The PostgreSQL connection string from the environment.</summary>
    public static string PostgresConnection =>
        Environment.GetEnvironmentVariable("SHANGDING_PG_CONNECTION") is { Length: > 0 } c ? c : throw new InvalidOperationException("--store postgres needs SHANGDING_PG_CONNECTION (a PostgreSQL connection string).");

    /// <summary>The plan <c>prepare</c> is asked for.</summary>
    public static LoadPlan FromArgs(LoadArgs args)
    {
        var store = args.Text("--store") ?? "sqlite";
        if (store is not ("sqlite" or "postgres")) throw new ArgumentException($"--store is sqlite or postgres, not '{store}'.");
        var schema = args.Text("--schema") ?? "sdss_load";
        if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]{0,62}$")) throw new ArgumentException($"--schema '{schema}' is not a plain lower-case PostgreSQL name.");
        return new LoadPlan { Folder = Path.GetFullPath(args.Required("--dir")), Store = store, Schema = schema, Subjects = args.Int("--subjects", 100_000) };
    }

    /// <summary>Reads the plan <c>prepare</c> wrote in <paramref name="folder"/>.</summary>
    public static LoadPlan Load(string folder)
    {
        var path = Path.Combine(Path.GetFullPath(folder), "load.plan");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: run prepare first.", path);
        var values = File.ReadAllLines(path).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{path} has no '{key}='.");
        return new LoadPlan { Folder = Path.GetFullPath(folder), Store = Get("store"), Schema = Get("schema"), Subjects = int.Parse(Get("subjects"), CultureInfo.InvariantCulture) };
    }

    /// <summary>Writes <c>load.plan</c>.</summary>
    public Task SaveAsync() => File.WriteAllLinesAsync(PlanPath, [$"store={Store}", $"schema={Schema}", $"subjects={Subjects.ToString(CultureInfo.InvariantCulture)}"]);

    /// <summary>A short description for the output.</summary>
    public string Describe() => Store == "sqlite" ? $"SQLite {SqlitePath}" : $"PostgreSQL schema {Schema}";

    /// <summary>Opens (and migrates) the store; <paramref name="dropFirst"/> starts from an empty one.</summary>
    public async Task<ICreditStore> OpenStoreAsync(bool dropFirst)
    {
        if (Store == "sqlite")
        {
            if (dropFirst)
            {
                foreach (var f in new[] { SqlitePath, SqlitePath + "-wal", SqlitePath + "-shm" }) File.Delete(f);
            }

            return await SqliteCreditStore.OpenOrCreateAsync(SqlitePath);
        }

        if (dropFirst) await DropSchemaAsync();
        return await PostgresCreditStore.OpenAsync(new PostgresCreditStoreOptions { ConnectionString = PostgresConnection, Schema = Schema });
    }

    /// <summary>Drops the PostgreSQL schema (the <c>drop</c> command, and <c>prepare --fresh</c>).</summary>
    public async Task DropSchemaAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Command-line options: <c>--name value</c> pairs and flags.</summary>
public sealed class LoadArgs(string[] args)
{
    /// <summary>The value after <paramref name="name"/>, or null.</summary>
    public string? Text(string name)
    {
        int i = Array.IndexOf(args, name);
        if (i < 0) return null;
        return i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value.");
    }

    /// <summary>The value after <paramref name="name"/>; an error naming the option when it is missing.</summary>
    public string Required(string name) => Text(name) ?? throw new ArgumentException($"{name} is required.");

    /// <summary>Whether the flag is given.</summary>
    public bool Has(string name) => args.Contains(name);

    /// <summary>An integer option.</summary>
    public int Int(string name, int fallback) => Text(name) is { } v
        ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} '{v}' is not an integer.")
        : fallback;

    /// <summary>A number option.</summary>
    public double Number(string name, double fallback) => Text(name) is { } v
        ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} '{v}' is not a number.")
        : fallback;
}

/// <summary>The machine's load average (first figure of /proc/loadavg), "n/a" where there is none.</summary>
public static class LoadAverage
{
    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    public static string Read() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
