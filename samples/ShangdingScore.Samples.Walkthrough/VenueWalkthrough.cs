using System.Globalization;
using NodaTime.Text;
using ShangdingScore.Adapters.Hospital;
using ShangdingScore.Adapters.Library;
using ShangdingScore.Adapters.Rental;
using ShangdingScore.Authorization;

namespace ShangdingScore.Samples.Walkthrough;

/// <summary>
/// Walks the five sample citizens of <see cref="SampleCity"/> through a hospital, a library and a rental
/// agency, printing what each clerk sees, in Chinese and English, and at the end what one citizen reads
/// in their query log.
/// </summary>
public static class VenueWalkthrough
{
    /// <summary>Runs the walkthrough, writing to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var city = new SampleCity();
        var hospital = new HospitalCreditDesk(city.GatewayFor(SampleCity.HospitalVenue));
        var library = new LibraryCardDesk(city.GatewayFor(SampleCity.LibraryVenue));
        var rental = new RentalAgencyDesk(city.GatewayFor(SampleCity.RentalVenue));
        var lease = new LeaseAmounts { DepositYuan = 3200.00m, CommissionYuan = 1599.99m };

        await output.WriteLineAsync("== 商鼎分 at the venue · 2026-06-01 10:00 Asia/Shanghai ==").ConfigureAwait(false);
        foreach (var citizen in SampleCity.Citizens)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            var evaluation = await city.EvaluateAsync(citizen, cancellationToken).ConfigureAwait(false);
            var standing = evaluation.Grade is { } g
                ? $"{evaluation.Score?.ToString("0.0", CultureInfo.InvariantCulture)} {g.Name.ZhCn} {g.Name.En}"
                : "未开通 not enrolled";
            var note = citizen.PresentsExpiredGrant ? " · 出示过期授权 presents an expired grant" : string.Empty;
            await output.WriteLineAsync($"## {citizen.Name.ZhCn} ({citizen.Name.En}) · {standing}{note}").ConfigureAwait(false);

            var h = await hospital.CheckPriorityAsync(HospitalService.FamilyDoctorSigning, city.IssueGrant(citizen, SampleCity.HospitalVenue, "healthcare"), cancellationToken).ConfigureAwait(false);
            await Section(output, "医院 Hospital", h.Render(Language.ZhCn), h.Render(Language.En)).ConfigureAwait(false);

            var l = await library.QuoteReaderCardAsync(city.IssueGrant(citizen, SampleCity.LibraryVenue, LibraryCardDesk.BenefitCode), cancellationToken).ConfigureAwait(false);
            await Section(output, "图书馆 Library", l.Render(Language.ZhCn), l.Render(Language.En)).ConfigureAwait(false);

            var r = await rental.QuoteLeaseAsync(city.IssueGrant(citizen, SampleCity.RentalVenue, "public-services"), lease, cancellationToken).ConfigureAwait(false);
            await Section(output, "租房中介 Rental agency", r.Render(Language.ZhCn), r.Render(Language.En)).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        var first = SampleCity.Citizens[0];
        await output.WriteLineAsync($"## {first.Name.ZhCn} reads the query log · 查询记录").ConfigureAwait(false);
        foreach (var e in await city.QueryLog.ReadForSubjectAsync(first.Subject, cancellationToken).ConfigureAwait(false))
        {
            var disclosed = e.Disclosed.IsEmpty ? "nothing" : string.Join("+", e.Disclosed);
            await output.WriteLineAsync($"{InstantPattern.General.Format(e.At)}  {e.Grantee,-26} {e.Purpose,-36} {e.Outcome.ToString().ToLowerInvariant(),-8} {e.ReasonCode,-22} disclosed: {disclosed}").ConfigureAwait(false);
        }
    }

    private static async Task Section(TextWriter output, string title, string zh, string en)
    {
        await output.WriteLineAsync($"-- {title}").ConfigureAwait(false);
        await output.WriteAsync(Indent(zh)).ConfigureAwait(false);
        await output.WriteAsync(Indent(en)).ConfigureAwait(false);
    }

    private static string Indent(string text) => string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "   " + l + "\n"));
}
