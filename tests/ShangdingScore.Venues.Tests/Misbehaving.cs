using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Sources;

namespace ShangdingScore.Venues.Tests;

/// <summary>How a collaborator of the gateway misbehaves in the fault tests.</summary>
public enum Behaviour
{
    Works,
    Throws,

    /// <summary>Waits 20 s without looking at its cancellation token.</summary>
    HangsIgnoringCancellation,

    /// <summary>Waits until its token is cancelled.</summary>
    HangsUntilCancelled,

    /// <summary>A record source that yields another subject's record; a policy that returns null.</summary>
    Wrong,
}

/// <summary>Collaborators that throw, hang, ignore cancellation or answer wrongly, as told, for the first <c>Times</c> calls.</summary>
internal static class Misbehaving
{
    public static readonly SubjectId Stranger = new("S-stranger");

    public static async Task Act(Behaviour behaviour, CancellationToken token, string what)
    {
        switch (behaviour)
        {
            case Behaviour.Throws:
                await Task.Yield();
                throw new IOException($"{what} is down");
            case Behaviour.HangsIgnoringCancellation:
                await Task.Delay(TimeSpan.FromSeconds(20), CancellationToken.None);
                break;
            case Behaviour.HangsUntilCancelled:
                await Task.Delay(Timeout.Infinite, token);
                break;
        }
    }

    internal sealed class RecordSource(Behaviour behaviour, int times = int.MaxValue) : ICreditRecordSource
    {
        private int _calls;

        public string Name => "misbehaving-feed";

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var b = Interlocked.Increment(ref _calls) <= times ? behaviour : Behaviour.Works;
            await Act(b, cancellationToken, Name);
            if (b == Behaviour.Wrong)
            {
                yield return new CreditRecord("stranger-1", Stranger, "honour.national", new LocalDate(2026, 1, 1), "test", Instant.FromUtc(2026, 1, 2, 0, 0));
            }
        }
    }

    internal sealed class EnrolmentSource(Behaviour behaviour, IEnrolmentSource inner) : IEnrolmentSource
    {
        public async ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken)
        {
            await Act(behaviour, cancellationToken, "enrolment register");
            return behaviour == Behaviour.Wrong ? null! : await inner.GetEnrolmentAsync(subject, cancellationToken);
        }
    }

    internal sealed class Policy(Behaviour behaviour, int times = int.MaxValue) : IBenefitPolicy
    {
        private int _calls;
        private int _decided;

        /// <summary>How many decisions it returned.</summary>
        public int Decided => _decided;

        public async ValueTask<BenefitDecision> DecideAsync(BenefitContext context, CancellationToken cancellationToken)
        {
            var b = Interlocked.Increment(ref _calls) <= times ? behaviour : Behaviour.Works;
            await Act(b, cancellationToken, "policy");
            if (b == Behaviour.Wrong) return null!;
            var d = await GradeThresholdPolicy.Instance.DecideAsync(context, cancellationToken);
            Interlocked.Increment(ref _decided);
            return d;
        }
    }

    /// <summary>A query log that keeps entries in an <see cref="InMemoryQueryLog"/> but throws for the outcomes it is told to.</summary>
    internal sealed class QueryLog(params QueryOutcome[] throwFor) : IQueryLog
    {
        public InMemoryQueryLog Inner { get; } = new();

        public ValueTask AppendAsync(QueryLogEntry entry, CancellationToken cancellationToken)
        {
            if (throwFor.Contains(entry.Outcome)) throw new IOException("query log database is down");
            return Inner.AppendAsync(entry, cancellationToken);
        }

        public ValueTask<ImmutableArray<QueryLogEntry>> ReadForSubjectAsync(SubjectId subject, CancellationToken cancellationToken) =>
            Inner.ReadForSubjectAsync(subject, cancellationToken);
    }

    /// <summary>A nonce store that cannot look a nonce up, so every query on a grant reaches the atomic use; it can also throw.</summary>
    internal sealed class BlindNonceStore(bool throws = false) : INonceStore
    {
        public InMemoryNonceStore Inner { get; } = new();

        public ValueTask<bool> TryUseAsync(string nonce, Instant rememberUntil, Instant now, CancellationToken cancellationToken) =>
            throws ? throw new IOException("nonce store is down") : Inner.TryUseAsync(nonce, rememberUntil, now, cancellationToken);
    }

    internal sealed class ThrowingKeys : IGrantKeyProvider
    {
        public ValueTask<GrantKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken) => throw new IOException("key vault is down");
    }
}
