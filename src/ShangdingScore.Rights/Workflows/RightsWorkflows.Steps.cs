using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>The step engine every workflow runs on: read, decide, append if the journal did not move, apply.</summary>
public sealed partial class RightsWorkflows
{
    /// <summary>
    /// Runs one step for <paramref name="subject"/>: reads the journal's tail and the subject's state, lets
    /// <paramref name="decide"/> accept or refuse, appends the entry (and its messages) if the tail is still the
    /// one read, else starts again; then applies an accepted step's effects to the theme database.
    /// </summary>
    private async Task<RightsResult<T>> StepAsync<T>(SubjectId subject, string action, RightsActor actor, Func<StepInput, ValueTask<StepPlan<T>>> decide, CancellationToken cancellationToken)
        where T : class
    {
        for (int attempt = 0; attempt < _maxAttempts; attempt++)
        {
            var tail = await _store.ReadTailAsync(cancellationToken).ConfigureAwait(false);
            var now = _clock.GetCurrentInstant();
            var at = tail is not null && tail.At > now ? tail.At : now;
            var entries = await ReadSubjectAsync(subject, cancellationToken).ConfigureAwait(false);
            var input = new StepInput(RightsFold.Fold(subject, entries, null), at, at.InZone(ZoneFor(at)).Date, (tail?.Sequence ?? 0) + 1);
            var plan = await decide(input).ConfigureAwait(false);
            if (plan.IsNothing) return RightsResult<T>.Refused(RightsRefusalCodes.CaseClosed, RightsRefusalCodes.Describe(RightsRefusalCodes.CaseClosed), null);

            RightsEntry entry;
            var messages = ImmutableArray<OutboxMessage>.Empty;
            if (plan.RefusalCode is { } code)
            {
                var payload = PayloadWriter.Write(w =>
                {
                    w.String(PayloadNames.Action, action).String(PayloadNames.Code, code);
                    plan.RefusalDetails?.Invoke(w);
                });
                entry = RightsEntry.Seal(input.Sequence, at, subject, RightsEntryKinds.Refused, plan.CaseId, actor.Id, actor.Role, payload, tail?.Hash ?? RightsChain.GenesisHash);
            }
            else
            {
                entry = RightsEntry.Seal(input.Sequence, at, subject, plan.Kind!, plan.CaseId, actor.Id, actor.Role, plan.Payload!, tail?.Hash ?? RightsChain.GenesisHash);
                messages = plan.Messages.IsDefault ? messages : plan.Messages;
            }

            var append = new RightsAppend { ExpectedTailSequence = tail?.Sequence ?? 0, Entries = ImmutableArray.Create(entry), Messages = messages };
            if (!await _store.TryAppendAsync(append, cancellationToken).ConfigureAwait(false)) continue;

            if (plan.RefusalCode is not null) return RightsResult<T>.Refused(plan.RefusalCode, plan.RefusalReason!, entry.Sequence);
            Exception? syncFailure = null;
            try
            {
                foreach (var effect in plan.Effects.IsDefault ? ImmutableArray<Func<CancellationToken, ValueTask>>.Empty : plan.Effects)
                {
                    await effect(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                syncFailure = ex;
            }

            return RightsResult<T>.Accepted(plan.Value!, entry.Sequence, syncFailure);
        }

        throw new InvalidOperationException($"The rights journal moved under every one of {_maxAttempts} attempts to record '{action}' for {subject}; nothing was recorded.");
    }

    /// <summary>The subject's records now, by id: the latest delivery's copy (content) and every copy's events.</summary>
    private async Task<Dictionary<string, FoundRecord>> ReadRecordsAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, FoundRecord>(StringComparer.Ordinal);
        await foreach (var copy in _theme.ReadRecordsAsync(subject, null, cancellationToken).ConfigureAwait(false))
        {
            if (copy.Subject != subject) continue;
            if (found.TryGetValue(copy.Id, out var seen))
            {
                var latest = copy.RecordedAt > seen.Latest.RecordedAt ? copy : seen.Latest;
                found[copy.Id] = new FoundRecord(latest, seen.Events.Union(copy.Events).ToImmutableArray());
            }
            else
            {
                found[copy.Id] = new FoundRecord(copy, copy.Events.Distinct().ToImmutableArray());
            }
        }

        return found;
    }

    /// <summary>A message id unique per step and recipient.</summary>
    private static string MessageId(long sequence, int index) => $"rights-{sequence}-{index}";

    /// <summary>What a step sees.</summary>
    private sealed class StepInput
    {
        public StepInput(CitizenRightsState state, Instant at, LocalDate today, long sequence)
        {
            State = state;
            At = at;
            Today = today;
            Sequence = sequence;
        }

        /// <summary>The subject's state before the step.</summary>
        public CitizenRightsState State { get; }

        /// <summary>The step's instant (the clock's now, never before the journal's tail).</summary>
        public Instant At { get; }

        /// <summary>The step's day in the rule set's time zone.</summary>
        public LocalDate Today { get; }

        /// <summary>The sequence the step's entry gets.</summary>
        public long Sequence { get; }
    }

    /// <summary>What a step decided: an entry to append with its messages and effects, or a refusal.</summary>
    private sealed class StepPlan<T>
        where T : class
    {
        public string? Kind { get; init; }

        public string? CaseId { get; init; }

        public string? Payload { get; init; }

        public T? Value { get; init; }

        public ImmutableArray<OutboxMessage> Messages { get; init; }

        public ImmutableArray<Func<CancellationToken, ValueTask>> Effects { get; init; }

        public string? RefusalCode { get; init; }

        public LocalizedText? RefusalReason { get; init; }

        public Action<PayloadWriter>? RefusalDetails { get; init; }

        /// <summary>Nothing to do any more (a system step whose condition no longer holds): nothing is recorded.</summary>
        public bool IsNothing { get; init; }

        public static StepPlan<T> Nothing() => new() { IsNothing = true };

        public static StepPlan<T> Refuse(string code, string? caseId = null, Action<PayloadWriter>? details = null, LocalizedText? reason = null) =>
            new() { RefusalCode = code, RefusalReason = reason ?? RightsRefusalCodes.Describe(code), CaseId = caseId, RefusalDetails = details };
    }

    /// <summary>A record as the theme database holds it now.</summary>
    private sealed class FoundRecord
    {
        public FoundRecord(CreditRecord latest, ImmutableArray<RecordEvent> events)
        {
            Latest = latest;
            Events = events;
        }

        public CreditRecord Latest { get; }

        public ImmutableArray<RecordEvent> Events { get; }

        /// <summary>Revoked, corrected or its dispute upheld: it never counts again.</summary>
        public bool IsClosed => Events.Any(e => e.Type is RecordEventType.Revoked or RecordEventType.Corrected or RecordEventType.DisputeUpheld);

        public bool IsRepaired => Events.Any(e => e.Type == RecordEventType.Repaired);
    }
}
