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

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Venue {Venue} asked about {Benefit} for subject {Subject}: the query failed ({Reason}); nothing was disclosed")]
    public static partial void Failed(ILogger logger, string venue, string benefit, string subject, string reason, Exception? exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Critical, Message = "Venue {Venue} asked about {Benefit} for subject {Subject}: the query log refused the entry of a failed query ({Reason})")]
    public static partial void QueryLogUnavailable(ILogger logger, string venue, string benefit, string subject, string reason, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Venue {Venue}: the grant's status read with the subject's records failed ({Reason}); checking the grant alone, then reading the records")]
    public static partial void ReadAlongFailed(ILogger logger, string venue, string reason, Exception? exception);
}
