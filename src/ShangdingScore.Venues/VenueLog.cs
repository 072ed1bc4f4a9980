using Microsoft.Extensions.Logging;

namespace ShangdingScore.Venues;

/// <summary>Source-generated log messages of the gateway. Every subject argument is passed through <see cref="LogRedaction"/> first.</summary>
internal static partial class VenueLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Venue {Venue} asked about {Benefit} for subject {Subject}: {Reason}, disclosed {Disclosed}")]
    public static partial void Answered(ILogger logger, string venue, string benefit, string subject, string reason, string disclosed);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Venue {Venue} was refused {Benefit} for subject {Subject}: {Reason}")]
    public static partial void Refused(ILogger logger, string venue, string benefit, string subject, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Evaluation of subject {Subject} is incomplete: {Failures} source(s) failed ({Sources})")]
    public static partial void Incomplete(ILogger logger, string subject, int failures, string sources);
}
