using System.Collections.Immutable;
using System.Diagnostics;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;

namespace ShangdingScore.Venues;

/// <summary>The three ways a query ends — answered, refused, error — each written to the query log once.</summary>
public sealed partial class VenueGateway
{
    private static readonly ImmutableArray<string> NothingDisclosed = ImmutableArray<string>.Empty;

    private QueryLogEntry Entry(Asked q, QueryOutcome outcome, string reason, ImmutableArray<string> disclosed) => new()
    {
        At = q.At,
        Grantee = _venueId,
        Subject = q.Subject,
        Purpose = q.Query.BenefitCode ?? string.Empty,
        RequestedScope = q.Query.Scope,
        Disclosed = disclosed,
        Outcome = outcome,
        ReasonCode = reason,
        KeyId = q.KeyId,
    };

    /// <summary>Logs and returns a refusal; when the refusal cannot be logged, the query ends as <c>query-log-failed</c> instead.</summary>
    private async Task<VenueDecision> RefuseAsync(Asked q, string reason, SubjectId? subject, string? keyId)
    {
        q.Subject = subject;
        q.KeyId = keyId;
        try
        {
            // Not the caller's token: once the query is decided its entry is written whatever the caller does.
            await _queryLog.AppendAsync(Entry(q, QueryOutcome.Refused, reason, NothingDisclosed), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await FailAsync(q, QueryErrorCodes.QueryLogFailed, ex).ConfigureAwait(false);
        }

        Report(q, "refused", reason, () =>
        {
            _telemetry.RecordRefusal(reason);
            VenueLog.Refused(_logger, _venueId, LogRedaction.Mask(q.Query.BenefitCode), LogRedaction.Subject(subject), reason);
        });
        return new VenueDecision
        {
            Outcome = QueryOutcome.Refused,
            BenefitCode = q.Query.BenefitCode ?? string.Empty,
            BenefitName = q.Benefit?.Name,
            IsGranted = false,
            ReasonCode = reason,
            Reason = GrantRefusalCodes.Describe(reason),
            DecidedAt = q.At,
        };
    }

    /// <summary>
    /// Logs and returns an error. When the query log cannot take the entry either, the error is still returned
    /// (the venue learns nothing) and the failure goes to the <see cref="Microsoft.Extensions.Logging.ILogger"/> (event 5005).
    /// </summary>
    private async Task<VenueDecision> FailAsync(Asked q, string code, Exception? cause)
    {
        try
        {
            await _queryLog.AppendAsync(Entry(q, QueryOutcome.Error, code, NothingDisclosed), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Report(q, null, null, () => VenueLog.QueryLogUnavailable(_logger, _venueId, LogRedaction.Mask(q.Query.BenefitCode), LogRedaction.Subject(q.Subject), code, ex));
        }

        Report(q, "error", code, () =>
        {
            _telemetry.RecordError(code);
            VenueLog.Failed(_logger, _venueId, LogRedaction.Mask(q.Query.BenefitCode), LogRedaction.Subject(q.Subject), code, cause);
        });
        return new VenueDecision
        {
            Outcome = QueryOutcome.Error,
            BenefitCode = q.Query.BenefitCode ?? string.Empty,
            BenefitName = q.Benefit?.Name,
            IsGranted = false,
            ReasonCode = code,
            Reason = QueryErrorCodes.Describe(code),
            DecidedAt = q.At,
        };
    }

    /// <summary>Metrics, trace tags and the log line of an outcome already written to the query log.</summary>
    private void Report(Asked q, string? outcome, string? reason, Action log)
    {
        try
        {
            if (outcome is not null)
            {
                // An unknown benefit code comes from the caller: it is not a metric tag, to keep the tag set bounded.
                _telemetry.RecordDecision(outcome, q.Benefit?.Code ?? "unknown");
                q.Activity?.SetTag("shangdingscore.outcome", outcome);
                q.Activity?.SetTag("shangdingscore.reason", reason);
            }

            log();
        }
        catch (Exception)
        {
            // A throwing log provider or metrics listener must not turn an outcome the query log already holds into
            // another one (an answer already logged and paid for with the grant cannot become an error).
        }
    }

    /// <summary>What is known about a query so far, for its log entry.</summary>
    private sealed class Asked
    {
        public Asked(VenueQuery query, Instant at, Activity? activity)
        {
            Query = query;
            At = at;
            Activity = activity;
        }

        public VenueQuery Query { get; }

        public Instant At { get; }

        public Activity? Activity { get; }

        public BenefitDefinition? Benefit { get; set; }

        public SubjectId? Subject { get; set; }

        public string? KeyId { get; set; }
    }
}
