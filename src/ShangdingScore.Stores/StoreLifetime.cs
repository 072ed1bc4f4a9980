namespace ShangdingScore.Stores;

/// <summary>Opening a store the way every implementation does it: migrate, and dispose it if that fails.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class StoreLifetime
{
    /// <summary>
    /// Migrates a newly created store to the schema its code knows and returns it; when migrating
    /// fails, the store is disposed and the exception propagates, so no half-opened store leaks.
    /// </summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="store">A store just constructed, not yet migrated.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public static async Task<TStore> MigrateOrDisposeAsync<TStore>(TStore store, CancellationToken cancellationToken = default)
        where TStore : ICreditStore
    {
        if (store is null) throw new ArgumentNullException(nameof(store));
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
