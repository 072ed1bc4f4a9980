using ShangdingScore.Store.Postgres;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Samples.CreditCenter;

/// <summary>Opens the theme database: PostgreSQL when <c>ConnectionStrings:Shangding</c> is set, else SQLite in <c>Shangding:DataDirectory</c> (default data/ next to the program).</summary>
public sealed class SampleStores
{
    /// <summary>Opens (and migrates) the store the configuration names.</summary>
    public static ICreditStore Open(IConfiguration configuration, ILogger<SampleStores> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ICreditStore store;
        if (configuration.GetConnectionString("Shangding") is { Length: > 0 } connection)
        {
            store = PostgresCreditStore.OpenAsync(new PostgresCreditStoreOptions { ConnectionString = connection }).GetAwaiter().GetResult();
            logger.LogInformation("Theme database: PostgreSQL (ConnectionStrings:Shangding).");
        }
        else
        {
            var folder = configuration["Shangding:DataDirectory"] ?? Path.Combine(AppContext.BaseDirectory, "data");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "theme.db");
            store = SqliteCreditStore.OpenOrCreateAsync(path).GetAwaiter().GetResult();
            logger.LogInformation("Theme database: SQLite at {Path}.", path);
        }

        if (store is not IServiceStateStore)
        {
            logger.LogWarning("This theme database does not keep the service state yet (IServiceStateStore): venues, issued grants, accounts and keys are kept in memory by this instance only, and are lost when it stops.");
        }

        return store;
    }
}
