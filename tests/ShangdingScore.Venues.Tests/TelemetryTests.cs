using System.Diagnostics;
using System.Diagnostics.Metrics;
using ShangdingScore.Authorization;
using ShangdingScore.Identity;

namespace ShangdingScore.Venues.Tests;

public class TelemetryTests
{
    private const string Benefit = "healthcare.priority-referral";

    private static string ValidResidentId()
    {
        const string first17 = "41010519900101123";
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17.AsSpan());
    }

    [Fact]
    public async Task Logs_SubjectIsAResidentIdNumber_NeverLoggedUnmasked()
    {
        var id = ValidResidentId();
        Assert.True(ResidentIdNumber.TryParse(id, out _));
        var city = new TestCity();
        var subject = new SubjectId(id);
        city.Add(subject, "honour.national", new NodaTime.LocalDate(2026, 1, 1));
        var logger = new CapturingLogger<VenueGateway>();
        var gateway = city.Gateway(logger);

        var token = city.Token(subject, scope: DisclosureScope.ScoreWithExplanation);
        await gateway.DecideAsync(token, Benefit);                       // answered
        await gateway.DecideAsync(token, Benefit);                       // refused: replayed (authenticated subject)
        await gateway.DecideAsync(city.Token(subject, grantee: "venue-b"), Benefit);   // refused: wrong grantee
        await gateway.DecideAsync(city.Token(subject, purpose: id), id);                // unknown benefit named by an id
        var failing = new TestCity { FailingSource = true };
        failing.Add(subject, "honour.national", new NodaTime.LocalDate(2026, 1, 1));
        await failing.Gateway(logger).DecideAsync(failing.Token(subject), Benefit);      // incomplete warning

        Assert.True(logger.Lines.Count >= 6, string.Join("\n", logger.Lines));
        Assert.All(logger.Lines, line => Assert.DoesNotContain(id, line));
        Assert.Contains(logger.Lines, line => line.Contains(ResidentIdNumber.Mask(id)));
        Assert.Contains(logger.Lines, line => line.Contains("5003"));
    }

    [Fact]
    public void Mask_TextWithIdNumbers_MasksEachAndKeepsTheRest()
    {
        var id = ValidResidentId();
        Assert.Equal($"a {ResidentIdNumber.Mask(id)} b 410105******123 c", LogRedaction.Mask($"a {id} b 410105900101123 c"));
        Assert.Equal("S-00042", LogRedaction.Mask("S-00042"));
        Assert.Equal("-", LogRedaction.Subject(null));
    }

    [Fact]
    public async Task Metrics_DecisionsAndRefusals_AreCountedWithTheirTags()
    {
        using var telemetry = new VenueTelemetry();
        var measurements = new List<(string Instrument, long Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var dict = new Dictionary<string, string?>();
            foreach (var t in tags) dict[t.Key] = t.Value?.ToString();
            lock (measurements) measurements.Add((instrument.Name, value, dict));
        });
        listener.Start();

        var city = new TestCity();
        var gateway = city.Gateway(telemetry: telemetry);
        await gateway.DecideAsync(city.Token(TestCity.Outstanding), Benefit);
        await gateway.DecideAsync(city.Token(TestCity.Good), Benefit);
        await gateway.DecideAsync("garbage", Benefit);

        Assert.Equal(VenueTelemetry.Name, telemetry.Meter.Name);
        var decisions = measurements.Where(m => m.Instrument == VenueTelemetry.DecisionsInstrument).Select(m => $"{m.Tags["outcome"]}:{m.Tags["benefit"]}").ToArray();
        Assert.Equal(new[] { $"granted:{Benefit}", $"not-granted:{Benefit}", $"refused:{Benefit}" }, decisions);
        var refusal = Assert.Single(measurements, m => m.Instrument == VenueTelemetry.RefusalsInstrument);
        Assert.Equal(GrantRefusalCodes.Malformed, refusal.Tags["reason"]);
        Assert.All(measurements, m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task Tracing_EachQuery_IsOneActivityWithOutcomeAndNoSubject()
    {
        using var telemetry = new VenueTelemetry();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, telemetry.ActivitySource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) activities.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        var city = new TestCity();
        await city.Gateway(telemetry: telemetry).DecideAsync(city.Token(TestCity.Outstanding), Benefit);

        var a = Assert.Single(activities);
        Assert.Equal("ShangdingScore.Decide", a.OperationName);
        Assert.Equal("granted", a.GetTagItem("shangdingscore.outcome"));
        Assert.Equal(Benefit, a.GetTagItem("shangdingscore.benefit"));
        Assert.DoesNotContain(a.TagObjects, t => t.Value?.ToString()?.Contains(TestCity.Outstanding.Value) == true);
    }
}
