using System.Text;
using NodaTime;
using ShangdingScore.Authorization;

namespace ShangdingScore.Venues.Tests;

public class GatewayRefusalTests
{
    private const string Benefit = "healthcare.priority-referral";

    public static TheoryData<string> Paths => new()
    {
        "forged-signature", "tampered-payload", "expired", "not-yet-valid", "replayed", "wrong-grantee",
        "wrong-purpose", "over-scope", "unknown-key", "malformed-token", "unknown-benefit",
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task DecideAsync_RefusalPath_RefusesWithItsCodeDisclosesNothingAndLogsIt(string path)
    {
        var city = new TestCity();
        var gateway = city.Gateway();
        var subject = TestCity.Outstanding;
        var query = new VenueQuery { GrantToken = city.Token(subject), BenefitCode = Benefit };
        string expected;
        bool authenticated = true;
        switch (path)
        {
            case "forged-signature":
                query = new VenueQuery { GrantToken = city.Token(subject, key: new HmacGrantKey("k1", new byte[32])), BenefitCode = Benefit };
                expected = GrantRefusalCodes.SignatureInvalid;
                authenticated = false;
                break;
            case "tampered-payload":
                query = new VenueQuery { GrantToken = Tamper(city.Token(TestCity.Good), "S-good", "S-outstanding"), BenefitCode = Benefit };
                expected = GrantRefusalCodes.SignatureInvalid;
                authenticated = false;
                break;
            case "expired":
                query = new VenueQuery { GrantToken = city.Token(subject, issuedAt: TestCity.Now - Duration.FromDays(2), expiresAt: TestCity.Now - Duration.FromDays(1)), BenefitCode = Benefit };
                expected = GrantRefusalCodes.Expired;
                break;
            case "not-yet-valid":
                query = new VenueQuery { GrantToken = city.Token(subject, issuedAt: TestCity.Now + Duration.FromHours(1), expiresAt: TestCity.Now + Duration.FromHours(2)), BenefitCode = Benefit };
                expected = GrantRefusalCodes.NotYetValid;
                break;
            case "replayed":
                var answered = await gateway.DecideAsync(query);
                Assert.Equal(QueryOutcome.Answered, answered.Outcome);
                expected = GrantRefusalCodes.Replayed;
                break;
            case "wrong-grantee":
                query = new VenueQuery { GrantToken = city.Token(subject, grantee: "venue-b"), BenefitCode = Benefit };
                expected = GrantRefusalCodes.WrongGrantee;
                break;
            case "wrong-purpose":
                query = new VenueQuery { GrantToken = city.Token(subject, purpose: "public-services"), BenefitCode = Benefit };
                expected = GrantRefusalCodes.WrongPurpose;
                break;
            case "over-scope":
                query = new VenueQuery { GrantToken = city.Token(subject, scope: DisclosureScope.Decision), BenefitCode = Benefit, Scope = DisclosureScope.Grade };
                expected = GrantRefusalCodes.OverScope;
                break;
            case "unknown-key":
                query = new VenueQuery { GrantToken = city.Token(subject, key: new HmacGrantKey("k-retired", new byte[32])), BenefitCode = Benefit };
                expected = GrantRefusalCodes.UnknownKey;
                authenticated = false;
                break;
            case "malformed-token":
                query = new VenueQuery { GrantToken = "sdg1.not-a-token", BenefitCode = Benefit };
                expected = GrantRefusalCodes.Malformed;
                authenticated = false;
                break;
            case "unknown-benefit":
                query = new VenueQuery { GrantToken = city.Token(subject), BenefitCode = "transport.free-bus" };
                expected = GrantRefusalCodes.UnknownBenefit;
                authenticated = false;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(path));
        }

        var readsBefore = city.Source.Reads;
        var d = await gateway.DecideAsync(query);

        Assert.Equal(QueryOutcome.Refused, d.Outcome);
        Assert.Equal(expected, d.ReasonCode);
        Assert.Equal(GrantRefusalCodes.Describe(expected), d.Reason);
        Assert.False(d.IsGranted);
        Assert.Null(d.Grade);
        Assert.Null(d.Score);
        Assert.Null(d.Explanation);
        Assert.Null(d.Terms);
        Assert.Null(d.ValidUntil);
        Assert.Null(d.DisclosedScope);
        Assert.Equal(readsBefore, city.Source.Reads);

        var entry = city.QueryLog.Entries[^1];
        Assert.Equal(QueryOutcome.Refused, entry.Outcome);
        Assert.Equal(expected, entry.ReasonCode);
        Assert.Empty(entry.Disclosed);
        Assert.Equal(TestCity.Venue, entry.Grantee);
        Assert.Equal(query.BenefitCode, entry.Purpose);
        Assert.Equal(TestCity.Now, entry.At);
        if (authenticated)
        {
            Assert.Equal(subject, entry.Subject);
            var mine = await city.QueryLog.ReadForSubjectAsync(subject, default);
            Assert.Contains(mine, e => e.ReasonCode == expected && e.Outcome == QueryOutcome.Refused);
        }
        else
        {
            Assert.Null(entry.Subject);
        }
    }

    private static string Tamper(string token, string from, string to)
    {
        var parts = token.Split('.');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(parts[2].Replace('-', '+').Replace('_', '/') + new string('=', (4 - parts[2].Length % 4) % 4)));
        Assert.Contains(from, json);
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(json.Replace(from, to))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{parts[0]}.{parts[1]}.{payload}.{parts[3]}";
    }
}
