using System.Collections.Immutable;
using System.Security.Cryptography;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;
using ShangdingScore.Venues;

namespace ShangdingScore.Samples.Walkthrough;

/// <summary>A sample citizen: an opaque subject id, a display name, and the grade their records give under the Zhengzhou default rule set.</summary>
public sealed class SampleCitizen
{
    /// <summary>The subject id.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>A display name for the walkthrough.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>The grade code the records give (null for the citizen who is not enrolled).</summary>
    public required string? ExpectedGrade { get; init; }

    /// <summary>Whether this citizen's grants are shown after they expired.</summary>
    public bool PresentsExpiredGrant { get; init; }
}

/// <summary>
/// A small city for samples and tests: five citizens with records built against the item codes of
/// zhengzhou.shangding 2019.1.0 (166 Excellent, 105 Good, 70 Poor, one not enrolled, one Excellent who
/// presents an expired grant), an issuer key (the i郑州 app's ECDSA P-256 key), a fixed clock, one shared
/// query log, and a gateway per venue.
/// </summary>
public sealed class SampleCity
{
    /// <summary>The instant the walkthrough happens: 2026-06-01 10:00 in Zhengzhou.</summary>
    public static Instant Now { get; } = Instant.FromUtc(2026, 6, 1, 2, 0);

    /// <summary>The hospital's venue id.</summary>
    public const string HospitalVenue = "zz-first-peoples-hospital";

    /// <summary>The library's venue id.</summary>
    public const string LibraryVenue = "zz-library";

    /// <summary>The rental agency's venue id.</summary>
    public const string RentalVenue = "zz-homes-agency";

    /// <summary>The government service hall's venue id (郑州市政务服务中心).</summary>
    public const string ServiceHallVenue = "zz-service-hall";

    /// <summary>The municipal sports centre's venue id.</summary>
    public const string SportsVenue = "zz-sports-centre";

    /// <summary>The municipal public elderly-care home's venue id.</summary>
    public const string ElderlyCareVenue = "zz-elderly-care-home";

    private static readonly Instant Recorded = Instant.FromUtc(2026, 5, 1, 0, 0);
    private readonly EcdsaGrantKey _issuerKey;
    private readonly InMemoryRecordSource _records;
    private readonly InMemoryEnrolmentSource _enrolments;
    private readonly IGrantKeyProvider _venueKeys;
    private readonly InMemoryNonceStore _nonces = new();

    /// <summary>Builds the city (a fresh ECDSA key each time).</summary>
    public SampleCity()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _issuerKey = EcdsaGrantKey.FromParameters("izhengzhou-2026", ecdsa.ExportParameters(includePrivateParameters: true));
        _venueKeys = new InMemoryGrantKeyProvider(new GrantKey[] { _issuerKey.PublicOnly() });
        var records = new List<CreditRecord>();
        var enrolled = new Dictionary<SubjectId, Enrolment>();
        void Add(SampleCitizen c, params (string Item, LocalDate On)[] items)
        {
            int n = 0;
            foreach (var (item, on) in items) records.Add(new CreditRecord($"{c.Subject.Value}-{++n}", c.Subject, item, on, "zz-theme-db", Recorded));
        }

        foreach (var c in new[] { Excellent, ExpiredGrant })
        {
            enrolled[c.Subject] = Enrolment.Since(new LocalDate(2019, 9, 1));
            Add(
                c,
                ("honour.national", new LocalDate(2024, 5, 1)),
                ("honour.provincial", new LocalDate(2025, 3, 1)),
                ("stem-cell.donation", new LocalDate(2025, 1, 10)),
                ("blood.donation", new LocalDate(2025, 9, 1)),
                ("blood.donation", new LocalDate(2026, 1, 15)),
                ("professional.model-worker", new LocalDate(2024, 4, 28)),
                ("family.civilised-family", new LocalDate(2025, 2, 1)));
        }

        enrolled[Good.Subject] = Enrolment.Since(new LocalDate(2020, 3, 1));
        Add(Good, ("law.tax-on-time", new LocalDate(2026, 3, 1)), ("blood.donation", new LocalDate(2025, 12, 1)));
        enrolled[Poor.Subject] = Enrolment.Since(new LocalDate(2019, 8, 15));
        Add(Poor, ("law.judgment-defaulter", new LocalDate(2025, 6, 1)));
        Add(NotEnrolled, ("honour.national", new LocalDate(2025, 5, 1)));
        _records = new InMemoryRecordSource("zz-theme-db", records);
        _enrolments = new InMemoryEnrolmentSource(enrolled);
    }

    /// <summary>张伟: 166.0, 信用极好 Excellent.</summary>
    public static SampleCitizen Excellent { get; } = new() { Subject = new SubjectId("zz-c-1001"), Name = new LocalizedText("张伟", "Zhang Wei"), ExpectedGrade = "excellent" };

    /// <summary>李娜: 105.0, 信用良好 Good.</summary>
    public static SampleCitizen Good { get; } = new() { Subject = new SubjectId("zz-c-1002"), Name = new LocalizedText("李娜", "Li Na"), ExpectedGrade = "good" };

    /// <summary>王强: 70.0 with a serious negative record (失信被执行人), 信用较差 Poor.</summary>
    public static SampleCitizen Poor { get; } = new() { Subject = new SubjectId("zz-c-1003"), Name = new LocalizedText("王强", "Wang Qiang"), ExpectedGrade = "poor" };

    /// <summary>赵敏: has a record but never enrolled.</summary>
    public static SampleCitizen NotEnrolled { get; } = new() { Subject = new SubjectId("zz-c-1004"), Name = new LocalizedText("赵敏", "Zhao Min"), ExpectedGrade = null };

    /// <summary>陈刚: Excellent, but presents grants that expired yesterday.</summary>
    public static SampleCitizen ExpiredGrant { get; } = new() { Subject = new SubjectId("zz-c-1005"), Name = new LocalizedText("陈刚", "Chen Gang"), ExpectedGrade = "excellent", PresentsExpiredGrant = true };

    /// <summary>The five citizens, in walkthrough order.</summary>
    public static ImmutableArray<SampleCitizen> Citizens { get; } = ImmutableArray.Create(Excellent, Good, Poor, NotEnrolled, ExpiredGrant);

    /// <summary>The clock, fixed at <see cref="Now"/>.</summary>
    public FakeClock Clock { get; } = new(Now);

    /// <summary>The query log every venue writes to.</summary>
    public InMemoryQueryLog QueryLog { get; } = new();

    /// <summary>The record source.</summary>
    public InMemoryRecordSource Records => _records;

    /// <summary>The enrolment source.</summary>
    public InMemoryEnrolmentSource Enrolments => _enrolments;

    /// <summary>Evaluates a citizen directly (not through any venue) on the day of the walkthrough, for the narrator.</summary>
    public async Task<ShangdingScore.Evaluation.CreditEvaluation> EvaluateAsync(SampleCitizen citizen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(citizen);
        var evaluator = new SourcedEvaluator(ZhengzhouRuleSets.History, new CompositeRecordSource(new ICreditRecordSource[] { _records }), _enrolments);
        var sourced = await evaluator.EvaluateAsync(citizen.Subject, Now.InZone(ZhengzhouRuleSets.InForceOn(Now.InUtc().Date).TimeZone).Date, Now, cancellationToken: cancellationToken).ConfigureAwait(false);
        return sourced.Evaluation;
    }

    /// <summary>A gateway for one venue (its own telemetry), on the default rule set and catalog.</summary>
    public VenueGateway GatewayFor(string venueId) => GatewayFor(venueId, DefaultBenefitCatalogs.Default);

    /// <summary>A gateway for one venue on the default rule set and another catalog (for example one whose terms differ), sharing the city's grants, nonces and query log.</summary>
    public VenueGateway GatewayFor(string venueId, BenefitCatalog catalog) => new(
        new VenueGatewayOptions { VenueId = venueId },
        ZhengzhouRuleSets.History,
        new CompositeRecordSource(new ICreditRecordSource[] { _records }),
        _enrolments,
        catalog,
        GradeThresholdPolicy.Instance,
        new GrantVerifier(_venueKeys, _nonces, Clock),
        QueryLog,
        Clock);

    /// <summary>
    /// What the i郑州 app does when the citizen taps "authorize": a grant for one venue and purpose,
    /// valid for 30 minutes from now (or, for a citizen who presents an expired grant, issued two days ago
    /// and expired yesterday), signed with the issuer's key.
    /// </summary>
    public string IssueGrant(SampleCitizen citizen, string venueId, string purpose, DisclosureScope scope = DisclosureScope.Decision)
    {
        var issuedAt = citizen.PresentsExpiredGrant ? Now - Duration.FromDays(2) : Now - Duration.FromMinutes(1);
        var expiresAt = citizen.PresentsExpiredGrant ? Now - Duration.FromDays(1) : Now + Duration.FromMinutes(30);
        return GrantToken.Create(
            new Grant
            {
                Subject = citizen.Subject,
                Grantee = venueId,
                Purpose = purpose,
                Scope = scope,
                IssuedAt = issuedAt,
                ExpiresAt = expiresAt,
                Nonce = GrantNonce.FromBytes(RandomNumberGenerator.GetBytes(16)),
            },
            _issuerKey);
    }
}
