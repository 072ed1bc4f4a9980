using System.Globalization;
using System.Text;
using System.Text.Json;
using ShangdingScore.Html;

namespace ShangdingScore.Monitoring;

/// <summary>
/// Writes a monitoring report as CSV (one line per cell, totals included), JSON and a self-contained HTML page
/// with inline SVG charts, zh-CN first. A suppressed count is written as an empty CSV field, JSON null and
/// "—" in HTML.
/// </summary>
/// <remarks>Stateless and thread-safe. Output is deterministic.</remarks>
public static partial class MonitoringWriters
{
    private const string Total = "total";

    /// <summary>The CSV: <c>table,row,row_name,column,column_name,count</c>, RFC 4180, UTF-8, names zh-CN.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public static string Csv(MonitoringReport report)
    {
        if (report is null) throw new ArgumentNullException(nameof(report));
        var sb = new StringBuilder("table,row,row_name,column,column_name,count\r\n");
        foreach (var (t, r, c, count) in Cells(report))
        {
            var row = r < 0 ? Total : t.Rows[r].Code;
            var rowName = r < 0 ? "合计" : t.Rows[r].Name.ZhCn;
            var col = c < 0 ? Total : t.Columns[c].Code;
            var colName = c < 0 ? "合计" : t.Columns[c].Name.ZhCn;
            sb.Append(Field(t.Id)).Append(',').Append(Field(row)).Append(',').Append(Field(rowName)).Append(',')
              .Append(Field(col)).Append(',').Append(Field(colName)).Append(',')
              .Append(count?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).Append("\r\n");
        }

        return sb.ToString();
    }

    /// <summary>The JSON document (docs/monitoring.md).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public static string Json(MonitoringReport report)
    {
        if (report is null) throw new ArgumentNullException(nameof(report));
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("asOf", report.AsOf.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture));
            if (report.KnownAt is { } k) w.WriteString("knownAt", k.ToString());
            w.WriteStartObject("ruleSet");
            w.WriteString("id", report.RuleSet.Id);
            w.WriteString("version", report.RuleSet.Version);
            w.WriteString("contentHash", report.RuleSet.ContentHash);
            w.WriteEndObject();
            w.WriteString("districts", $"{report.Districts.Id} {report.Districts.Version}");
            w.WriteBoolean("internal", report.SuppressedBelow is null);
            if (report.SuppressedBelow is { } s) w.WriteNumber("suppressedBelow", s);
            else w.WriteNull("suppressedBelow");
            w.WriteStartArray("enrolmentShare");
            foreach (var d in report.Districts.Districts)
            {
                w.WriteStartObject();
                w.WriteString("district", d.Code);
                Number(w, "adultPopulation", d.AdultPopulation);
                if (report.EnrolmentShare(d.Code) is { } share) w.WriteNumber("share", Math.Round(share, 6));
                else w.WriteNull("share");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tables");
            foreach (var t in report.Tables) WriteTable(w, t);
            w.WriteEndArray();
            w.WriteStartArray("dimensions");
            foreach (var d in report.Dimensions)
            {
                w.WriteStartObject();
                w.WriteString("district", d.District);
                w.WriteString("dimension", d.Dimension);
                w.WriteString("name", d.Name.ZhCn);
                w.WriteString("nameEn", d.Name.En);
                Number(w, "subjects", d.Subjects);
                if (d.Points is { } p) w.WriteNumber("points", p);
                else w.WriteNull("points");
                if (d.Mean is { } m) w.WriteNumber("mean", Math.Round(m, 2));
                else w.WriteNull("mean");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteTable(Utf8JsonWriter w, MonitoringTable t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("title", t.Title.ZhCn);
        w.WriteString("titleEn", t.Title.En);
        Labels(w, "rows", t.Rows);
        Labels(w, "columns", t.Columns);
        w.WriteStartArray("cells");
        for (int r = 0; r < t.Rows.Length; r++)
        {
            w.WriteStartArray();
            for (int c = 0; c < t.Columns.Length; c++) Value(w, t.Cell(r, c));
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteStartArray("rowTotals");
        for (int r = 0; r < t.Rows.Length; r++) Value(w, t.RowTotal(r));
        w.WriteEndArray();
        w.WriteStartArray("columnTotals");
        for (int c = 0; c < t.Columns.Length; c++) Value(w, t.ColumnTotal(c));
        w.WriteEndArray();
        Number(w, "total", t.GrandTotal);
        w.WriteEndObject();
    }

    private static void Labels(Utf8JsonWriter w, string name, IEnumerable<MonitoringLabel> labels)
    {
        w.WriteStartArray(name);
        foreach (var l in labels)
        {
            w.WriteStartObject();
            w.WriteString("code", l.Code);
            w.WriteString("name", l.Name.ZhCn);
            w.WriteString("nameEn", l.Name.En);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Value(Utf8JsonWriter w, long? value)
    {
        if (value is { } v) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }

    /// <summary>Every cell of every table, then its row totals, column totals and grand total (row or column −1 for a total).</summary>
    private static IEnumerable<(MonitoringTable Table, int Row, int Column, long? Count)> Cells(MonitoringReport report)
    {
        foreach (var t in report.Tables)
        {
            for (int r = 0; r < t.Rows.Length; r++)
            {
                for (int c = 0; c < t.Columns.Length; c++) yield return (t, r, c, t.Cell(r, c));
                yield return (t, r, -1, t.RowTotal(r));
            }

            for (int c = 0; c < t.Columns.Length; c++) yield return (t, -1, c, t.ColumnTotal(c));
            yield return (t, -1, -1, t.GrandTotal);
        }
    }

    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

    private static string Escape(string text) => HtmlText.Escape(text);
}
