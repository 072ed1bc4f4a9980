using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Rights.Tests;

/// <summary>The in-memory store runs the whole <see cref="Rights.IRightsStore"/> contract; a "second object" and a "reopened" store are the same instance (one process, one memory).</summary>
public sealed class InMemoryRightsStoreConformanceTests : RightsStoreConformanceTests<InMemoryRightsStore>
{
    protected override Task<InMemoryRightsStore> CreateStoreAsync() => Task.FromResult(new InMemoryRightsStore());

    protected override Task<InMemoryRightsStore> OpenSecondAsync(InMemoryRightsStore store) => Task.FromResult(store);

    protected override Task<InMemoryRightsStore> ReopenAsync(InMemoryRightsStore store) => Task.FromResult(store);

    protected override ValueTask DisposeStoreAsync(InMemoryRightsStore store) => default;
}
