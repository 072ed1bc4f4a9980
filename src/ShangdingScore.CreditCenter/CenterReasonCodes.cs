namespace ShangdingScore.CreditCenter;

/// <summary>
/// Reason codes of the center's own problems (RFC 9457 problem details, member <c>reasonCode</c>), beside the SDK's
/// (<see cref="Authorization.GrantRefusalCodes"/> in refused decisions, <see cref="Rights.RightsRefusalCodes"/> in refused
/// rights steps). <see cref="Describe"/> gives each one's zh-CN and English text.
/// </summary>
public static class CenterReasonCodes
{
    /// <summary>The venue credentials are missing, malformed, unknown, disabled or wrong (401).</summary>
    public const string InvalidVenueCredentials = "invalid-venue-credentials";

    /// <summary>Not signed in (401).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>Signed in, but not allowed this (403).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The request body or a parameter is not valid; the problem's <c>field</c> names it (400).</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>The user name or the password is wrong (401).</summary>
    public const string InvalidSignIn = "invalid-sign-in";

    /// <summary>Signing in through the OpenID Connect provider failed: the provider refused, or its answer did not validate (401).</summary>
    public const string ExternalSignInFailed = "external-sign-in-failed";

    /// <summary>Too many failed sign-ins: the account is locked for a while (401).</summary>
    public const string LockedOut = "locked-out";

    /// <summary>Too many requests from this venue or address in this instance (429).</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>The venue a grant is for is not registered or is disabled (400).</summary>
    public const string UnknownVenue = "unknown-venue";

    /// <summary>The grant's purpose is neither a benefit code nor a family code of the catalog (400).</summary>
    public const string UnknownPurpose = "unknown-purpose";

    /// <summary>The grant's lifetime is not between one minute and the center's maximum (400).</summary>
    public const string GrantLifetime = "grant-lifetime";

    /// <summary>No such item of yours (404).</summary>
    public const string NotFound = "not-found";

    /// <summary>A venue with that id is already registered (409).</summary>
    public const string VenueExists = "venue-exists";

    /// <summary>No rule-set version is in force on the day asked about (400).</summary>
    public const string NoRuleSetInForce = "no-rule-set-in-force";

    /// <summary>The reason's text in zh-CN and English.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of these codes.</exception>
    public static LocalizedText Describe(string code) => code switch
    {
        InvalidVenueCredentials => new("机构凭证缺失或无效。", "The venue credentials are missing or not valid."),
        Unauthenticated => new("请先登录。", "Please sign in first."),
        Forbidden => new("无权进行此操作。", "You are not allowed to do this."),
        InvalidRequest => new("请求内容不正确。", "The request is not valid."),
        InvalidSignIn => new("用户名或密码不正确。", "The user name or the password is wrong."),
        ExternalSignInFailed => new("通过统一身份认证登录失败。", "Signing in through the identity provider failed."),
        LockedOut => new("登录失败次数过多，账户暂时锁定，请稍后再试。", "Too many failed sign-ins: the account is locked for a while."),
        RateLimited => new("请求过于频繁，请稍后再试。", "Too many requests; please try again shortly."),
        UnknownVenue => new("该机构未在信用中心登记或已停用。", "The venue is not registered with the credit center, or is disabled."),
        UnknownPurpose => new("授权用途不是激励目录中的项目或类别。", "The purpose is neither a benefit nor a family of the catalog."),
        GrantLifetime => new("授权有效期超出允许范围。", "The authorization's lifetime is outside the allowed range."),
        NotFound => new("未找到该项。", "No such item."),
        VenueExists => new("该机构编号已登记。", "A venue with that id is already registered."),
        NoRuleSetInForce => new("该日期没有生效的评价规则。", "No rule-set version is in force on that day."),
        _ => throw new ArgumentException($"'{code}' is not a credit center reason code.", nameof(code)),
    };
}
