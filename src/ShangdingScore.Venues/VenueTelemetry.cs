using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ShangdingScore.Venues;

/// <summary>
/// The metrics and traces of venue queries: a <see cref="Meter"/> and an <see cref="ActivitySource"/>
/// both named <see cref="Name"/>. Instruments: <c>shangdingscore.venue.decisions</c> (tags
/// <c>outcome</c> = granted | not-granted | refused | error, and <c>benefit</c>),
/// <c>shangdingscore.venue.refusals</c> (tag <c>reason</c>, a refusal code) and
/// <c>shangdingscore.venue.errors</c> (tag <c>reason</c>, an error code). No tag ever names a subject.
/// </summary>
/// <remarks>Thread-safe. Dispose it (the DI container does) to dispose the meter it created.</remarks>
public sealed class VenueTelemetry : IDisposable
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "ShangdingScore";

    /// <summary>The decisions counter's name.</summary>
    public const string DecisionsInstrument = "shangdingscore.venue.decisions";

    /// <summary>The refusals counter's name.</summary>
    public const string RefusalsInstrument = "shangdingscore.venue.refusals";

    /// <summary>The errors counter's name.</summary>
    public const string ErrorsInstrument = "shangdingscore.venue.errors";

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _errors;

    /// <summary>Creates the telemetry, with its meter from <paramref name="meterFactory"/> when given (as the DI container's <c>AddMetrics</c> provides).</summary>
    public VenueTelemetry(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory is null ? new Meter(Name) : meterFactory.Create(new MeterOptions(Name));
        ActivitySource = new ActivitySource(Name);
        _decisions = Meter.CreateCounter<long>(DecisionsInstrument, "{decision}", "Venue queries decided, by outcome (granted, not-granted, refused, error) and benefit.");
        _refusals = Meter.CreateCounter<long>(RefusalsInstrument, "{query}", "Venue queries refused, by reason code.");
        _errors = Meter.CreateCounter<long>(ErrorsInstrument, "{query}", "Venue queries that failed before a decision, by error code.");
    }

    /// <summary>The meter.</summary>
    public Meter Meter { get; }

    /// <summary>The activity source; each query is one activity named <c>ShangdingScore.Decide</c>.</summary>
    public ActivitySource ActivitySource { get; }

    internal void RecordDecision(string outcome, string benefit) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("benefit", benefit));

    internal void RecordRefusal(string reason) => _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void RecordError(string reason) => _errors.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <inheritdoc />
    public void Dispose()
    {
        ActivitySource.Dispose();
        Meter.Dispose();
    }
}
