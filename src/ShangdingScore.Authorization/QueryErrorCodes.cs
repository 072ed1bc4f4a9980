namespace ShangdingScore.Authorization;

/// <summary>
/// Stable reason codes of queries that failed before reaching a decision (<see cref="QueryOutcome.Error"/>),
/// one per failing step (docs/venues.md). An error answers nothing about the subject and does not use up
/// the grant, except <see cref="QueryLogFailed"/> after the decision (see there). <see cref="Describe"/>
/// gives each one's zh-CN and English text.
/// </summary>
public static class QueryErrorCodes
{
    /// <summary>The caller cancelled the query before its decision.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The key provider or the nonce store threw while the grant was checked.</summary>
    public const string GrantCheckFailed = "grant-check-failed";

    /// <summary>Evaluating the subject threw (for example no rule-set version is in force today).</summary>
    public const string EvaluationFailed = "evaluation-failed";

    /// <summary>The benefit policy threw, returned nothing, or did not answer within its timeout.</summary>
    public const string PolicyFailed = "policy-failed";

    /// <summary>The nonce store threw while the grant was used up at the decision (whether it was used up is then unknown).</summary>
    public const string NonceStoreFailed = "nonce-store-failed";

    /// <summary>
    /// The query log could not record the query. When this happens after the decision the grant is already
    /// used up (the decision was reached) but the decision is withheld, because an answer must not leave
    /// without its log entry.
    /// </summary>
    public const string QueryLogFailed = "query-log-failed";

    /// <summary>Anything else that threw inside the gateway.</summary>
    public const string InternalError = "internal-error";

    /// <summary>A venue that asks the credit center (ShangdingScore.CreditCenter.Client) could not get an answer from it (network, HTTP status, unreadable body).</summary>
    public const string CenterUnavailable = "center-unavailable";

    /// <summary>The credit center's answer did not verify: its signed decision token is forged, altered, or about another venue, benefit or grant.</summary>
    public const string DecisionUnverified = "decision-unverified";

    /// <summary>The reason's text in zh-CN and English.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of these codes.</exception>
    public static LocalizedText Describe(string code) => code switch
    {
        Cancelled => new("查询已取消，未作认定，授权未被使用。", "The query was cancelled before a decision; the authorization was not used."),
        GrantCheckFailed => new("暂时无法核验授权码，请稍后再试，授权未被使用。", "The authorization could not be checked just now; please try again later. It was not used."),
        EvaluationFailed => new("暂时无法完成信用评价，请稍后再试，授权未被使用。", "The credit evaluation could not be completed just now; please try again later. The authorization was not used."),
        PolicyFailed => new("暂时无法作出激励认定，请稍后再试，授权未被使用。", "The benefit decision could not be made just now; please try again later. The authorization was not used."),
        NonceStoreFailed => new("暂时无法登记授权使用情况，请稍后再试。", "The use of the authorization could not be recorded just now; please try again later."),
        QueryLogFailed => new("查询记录无法保存，本次不提供结果，请稍后重新授权查询。", "The query could not be recorded, so no result is given; please authorize a new query later."),
        InternalError => new("系统内部错误，未作认定，授权未被使用。", "An internal error occurred before a decision; the authorization was not used."),
        CenterUnavailable => new("暂时无法连接信用中心，未作认定，请稍后再试。", "The credit center could not be reached; no decision was made. Please try again later."),
        DecisionUnverified => new("信用中心的认定未通过签名核验，不予采用。", "The credit center's decision failed its signature check and is not used."),
        _ => throw new ArgumentException($"'{code}' is not a query error code.", nameof(code)),
    };
}
