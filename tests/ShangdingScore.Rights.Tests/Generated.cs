using FsCheck;
using Microsoft.FSharp.Core;

namespace ShangdingScore.Rights.Tests;

/// <summary>The configuration of this project's generated tests: a fixed seed, so a run is reproducible; on a failure FsCheck's message carries the seed and the smallest failing case.</summary>
internal static class Generated
{
    public static Config Replayable(ulong seed, int maxTest) => Config.QuickThrowOnFailure
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)))
        .WithMaxTest(maxTest)
        .WithQuietOnSuccess(true);
}
