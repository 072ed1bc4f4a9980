using NodaTime;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// The one home of what the rights and service-state contract suites share: how a store object under test is
/// created, opened a second time on the same database (as another process would), reopened and disposed, and the
/// scaffolds that run a test on one store or two and always dispose them.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class StoreLifecycleTests<TStore>
    where TStore : class
{
    /// <summary>An instant with nanoseconds, to check that stores keep them.</summary>
    protected static readonly Instant T = Instant.FromUtc(2026, 6, 1, 2, 0) + Duration.FromNanoseconds(123_456_789);

    /// <summary>Creates a store over a new, empty database, ready to use (migrated).</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    /// <summary>Opens a second store object on <paramref name="store"/>'s database, with connections of its own; <paramref name="store"/> stays open.</summary>
    protected abstract Task<TStore> OpenSecondAsync(TStore store);

    /// <summary>Closes <paramref name="store"/> and opens its database again (the data must still be there).</summary>
    protected abstract Task<TStore> ReopenAsync(TStore store);

    /// <summary>Disposes a store object made by this class; the default disposes it when it is <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.</summary>
    protected virtual async ValueTask DisposeStoreAsync(TStore store)
    {
        if (store is IAsyncDisposable a) await a.DisposeAsync();
        else if (store is IDisposable d) d.Dispose();
    }

    /// <summary>Runs <paramref name="test"/> on a new store and disposes it.</summary>
    protected async Task WithStoreAsync(Func<TStore, Task> test)
    {
        if (test is null) throw new ArgumentNullException(nameof(test));
        var store = await CreateStoreAsync();
        try
        {
            await test(store);
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    /// <summary>Runs <paramref name="test"/> on a new store and a second store object on its database; disposes both.</summary>
    protected async Task WithTwoAsync(Func<TStore, TStore, Task> test)
    {
        if (test is null) throw new ArgumentNullException(nameof(test));
        var one = await CreateStoreAsync();
        try
        {
            var two = await OpenSecondAsync(one);
            try
            {
                await test(one, two);
            }
            finally
            {
                if (!ReferenceEquals(one, two)) await DisposeStoreAsync(two);
            }
        }
        finally
        {
            await DisposeStoreAsync(one);
        }
    }
}
