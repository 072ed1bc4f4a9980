using ShangdingScore.Store.Postgres;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Samples.CreditCenter;

/// <summary>Opens the theme database: PostgreSQL when <c>ConnectionStrings:Shangding</c> is set (schema <c>Shangding:PostgresSchema</c>, default <c>shangding</c>), else SQLite in <c>Shangding:DataDirectory</c> (default data/ next to the program).</summary>
public sealed class SampleStores
{
    /// <summary>Opens (and migrates) the store the configuration names.</summary>
    public static ICreditStore Open(IConfiguration configuration, ILogger<SampleStores> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ICreditStore store;
        if (configuration.GetConnectionString("Shangding") is { Length: > 0 } connection)
        {
            var schema = configuration["Shangding:PostgresSchema"] is { Length: > 0 } s ? s : PostgresCreditStoreOptions.DefaultSchema;
            store = PostgresCreditStore.OpenAsync(new PostgresCreditStoreOptions { ConnectionString = connection, Schema = schema }).GetAwaiter().GetResult();
            logger.LogInformation("Theme database: PostgreSQL (ConnectionStrings:Shangding), schema {Schema}.", schema);
        }
        else
        {
            var folder = configuration["Shangding:DataDirectory"] ?? Path.Combine(AppContext.BaseDirectory, "data");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "theme.db");
            store = SqliteCreditStore.OpenOrCreateAsync(path).GetAwaiter().GetResult();
            logger.LogInformation("Theme database: SQLite at {Path}.", path);
        }

        return store;
    }
}
