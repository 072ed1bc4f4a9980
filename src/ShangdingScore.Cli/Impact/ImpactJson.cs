using System.Text.Json;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Impact;

/// <summary>
/// The impact report as one JSON document (docs/cli.md). A publishable report has <c>"internal": false</c>,
/// <c>null</c> for every suppressed count and no <c>samples</c> at all; the internal one carries each cell's
/// samples with both explanations (in the languages asked for).
/// </summary>
internal static class ImpactJson
{
    public static string Write(RuleSetImpactReport r, ImpactContext context, Language? only) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("internal", r.SuppressedBelow is null);
        w.WriteString("notice", ImpactText.Notice(r));
        if (r.SuppressedBelow is { } t) w.WriteNumber("suppressedBelow", t);
        else w.WriteNull("suppressedBelow");
        Reference(w, "from", r.From);
        Reference(w, "to", r.To);
        w.WriteString("asOf", Fmt.Date(r.AsOf));
        w.StringOrNull("knownAt", r.KnownAt?.ToString());
        w.WriteString("source", context.Source);
        w.WriteNumber("linesSetAside", context.LinesSetAside);
        w.WriteString("catalog", context.Catalog);
        w.WriteNumber("subjects", r.Subjects);
        w.WriteNumber("scored", r.Scored);
        w.WriteNumber("scoreUp", r.ScoreUp);
        w.WriteNumber("scoreDown", r.ScoreDown);
        w.WriteStartObject("grades");
        Grades(w, "from", r.FromGrades);
        Grades(w, "to", r.ToGrades);
        w.WriteEndObject();

        w.WriteStartArray("cells");
        foreach (var c in r.Cells)
        {
            w.WriteStartObject();
            w.WriteString("from", c.From);
            w.WriteString("to", c.To);
            Count(w, "count", c.Count);
            if (c.Share is { } share) w.WriteNumber("share", Math.Round(share, 6));
            else w.WriteNull("share");
            if (r.SuppressedBelow is null)
            {
                w.WriteStartArray("samples");
                foreach (var s in c.Samples)
                {
                    w.WriteStartObject();
                    w.WriteString("subject", s.Subject.ToString());
                    Side(w, "before", s.Before, only);
                    Side(w, "after", s.After, only);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("benefits");
        foreach (var b in r.Benefits)
        {
            w.WriteStartObject();
            w.WriteString("code", b.Benefit.Code);
            Text(w, "name", b.Benefit.Name);
            w.WriteString("minimumGrade", b.Benefit.MinimumGrade);
            Count(w, "gained", b.Gained);
            Count(w, "lost", b.Lost);
            Count(w, "kept", b.Kept);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("items");
        foreach (var item in r.Items)
        {
            w.WriteStartObject();
            w.WriteString("code", item.Code);
            if (item.Name is { } n) Text(w, "name", n);
            else w.WriteNull("name");
            Count(w, "subjectsUp", item.SubjectsUp);
            Count(w, "subjectsDown", item.SubjectsDown);
            w.Number("pointsDelta", item.SubjectsUp is null || item.SubjectsDown is null ? null : item.PointsDelta);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Reference(Utf8JsonWriter w, string name, RuleSetReference reference)
    {
        w.WriteStartObject(name);
        w.WriteString("id", reference.Id);
        w.WriteString("version", reference.Version);
        w.WriteString("contentHash", reference.ContentHash);
        w.WriteEndObject();
    }

    private static void Grades(Utf8JsonWriter w, string name, IEnumerable<CreditGrade> grades)
    {
        w.WriteStartArray(name);
        foreach (var g in grades)
        {
            w.WriteStartObject();
            w.WriteString("code", g.Code);
            Text(w, "name", g.Name);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Side(Utf8JsonWriter w, string name, CreditEvaluation e, Language? only)
    {
        w.WriteStartObject(name);
        w.Number("score", e.Score);
        w.StringOrNull("grade", e.Grade?.Code);
        w.WriteStartObject("explanation");
        if (only is null or Language.ZhCn) w.WriteString("zh-CN", ExplanationRenderer.Render(e, Language.ZhCn));
        if (only is null or Language.En) w.WriteString("en", ExplanationRenderer.Render(e, Language.En));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter w, string name, LocalizedText text)
    {
        w.WriteStartObject(name);
        w.WriteString("zh-CN", text.ZhCn);
        w.WriteString("en", text.En);
        w.WriteEndObject();
    }

    private static void Count(Utf8JsonWriter w, string name, long? n)
    {
        if (n is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
