using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ShangdingScore.CreditCenter;

/// <summary>RFC 9457 problem details carrying a reason code (<c>reasonCode</c>), its text (<c>reason</c>: <c>zhCn</c>, <c>en</c>) and, for a bad field, <c>field</c>.</summary>
internal static class Problems
{
    public static IResult Result(int status, string reasonCode, LocalizedText reason, string? field = null) =>
        TypedResults.Problem(Details(status, reasonCode, reason, field));

    public static IResult Result(int status, string centerCode, string? field = null, string? detail = null)
    {
        var p = Details(status, centerCode, CenterReasonCodes.Describe(centerCode), field);
        if (detail is not null) p.Detail = detail;
        return TypedResults.Problem(p);
    }

    public static IResult Invalid(string field, string detail) => Result(StatusCodes.Status400BadRequest, CenterReasonCodes.InvalidRequest, field, detail);

    public static Task Write(HttpContext context, int status, string centerCode) => Result(status, centerCode).ExecuteAsync(context);

    private static ProblemDetails Details(int status, string reasonCode, LocalizedText reason, string? field)
    {
        var p = new ProblemDetails
        {
            Status = status,
            Title = reason.En,
            Detail = reason.ZhCn + " " + reason.En,
            Type = "https://github.com/shangding-score/ShangdingScore.Sdk/blob/main/docs/service.md#" + reasonCode,
        };
        p.Extensions["reasonCode"] = reasonCode;
        p.Extensions["reason"] = new Dictionary<string, string> { ["zhCn"] = reason.ZhCn, ["en"] = reason.En };
        if (field is not null) p.Extensions["field"] = field;
        return p;
    }
}
