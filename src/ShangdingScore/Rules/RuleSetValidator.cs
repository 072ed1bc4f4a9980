using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace ShangdingScore.Rules;

/// <summary>Checks a <see cref="RuleSetDefinition"/> against the rules of spec §2–3a and reports every problem with its JSON path.</summary>
internal sealed class RuleSetValidator
{
    internal const int MaxPrecision = 4;
    private static readonly Regex CodePattern = new("^[a-z0-9]+([._-][a-z0-9]+)*$", RegexOptions.CultureInvariant);

    private readonly RuleSetErrorSink _sink;

    public RuleSetValidator(RuleSetErrorSink sink) => _sink = sink;

    public void Validate(RuleSetDefinition d)
    {
        Code(d.Id, "$.id");
        if (!RuleSetVersion.TryParse(d.Version, out _))
        {
            Report("$.version", RuleSetErrorCodes.InvalidValue, $"'{d.Version}' is not a Semantic Versioning 2.0 version such as 2019.1.0.");
        }

        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(d.TimeZone ?? string.Empty) is null)
        {
            Report("$.timeZone", RuleSetErrorCodes.InvalidValue, $"'{d.TimeZone}' is not a known IANA time zone id such as Asia/Shanghai.");
        }

        bool precisionOk = d.Precision >= 0 && d.Precision <= MaxPrecision;
        if (!precisionOk)
        {
            Report("$.precision", RuleSetErrorCodes.InvalidValue, $"precision must be a whole number from 0 to {MaxPrecision}; it is {d.Precision}.");
        }

        // Spec §3a "Arithmetic": every number within 12 integer digits and 4 decimals, before anything computes with them.
        bool scaleNumbersOk = Bounded(d.Min, "$.min") & Bounded(d.Max, "$.max");
        Bounded(d.Base, "$.base");
        Bounded(d.MaxBonus, "$.maxBonus");

        bool rangeOk = d.Min < d.Max;
        if (!rangeOk)
        {
            Report("$.max", RuleSetErrorCodes.InvalidValue, $"max ({d.Max}) must be greater than min ({d.Min}).");
        }

        if (d.Base < d.Min || d.Base > d.Max)
        {
            Report("$.base", RuleSetErrorCodes.InvalidValue, $"base ({d.Base}) must lie within [min, max] = [{d.Min}, {d.Max}].");
        }

        if (d.MaxBonus < 0)
        {
            Report("$.maxBonus", RuleSetErrorCodes.InvalidValue, $"maxBonus must not be negative; it is {d.MaxBonus}.");
        }

        if (precisionOk)
        {
            OnGrid(d.Min, d.Precision, "$.min");
            OnGrid(d.Max, d.Precision, "$.max");
            OnGrid(d.Base, d.Precision, "$.base");
        }

        var dimensionCodes = new HashSet<string>(StringComparer.Ordinal);
        if (d.Dimensions.IsDefaultOrEmpty)
        {
            Report("$.dimensions", RuleSetErrorCodes.Required, "a rule set needs at least one dimension.");
        }
        else
        {
            for (int i = 0; i < d.Dimensions.Length; i++)
            {
                var dim = d.Dimensions[i];
                var path = $"$.dimensions[{i}]";
                if (Code(dim.Code, path + ".code") && !dimensionCodes.Add(dim.Code))
                {
                    Report(path + ".code", RuleSetErrorCodes.DuplicateCode, $"dimension code '{dim.Code}' is used twice.");
                }

                if (Bounded(dim.PositiveCap, path + ".positiveCap")) NonNegative(dim.PositiveCap, path + ".positiveCap");
            }
        }

        var itemCodes = new HashSet<string>(StringComparer.Ordinal);
        if (d.Items.IsDefaultOrEmpty)
        {
            Report("$.items", RuleSetErrorCodes.Required, "a rule set needs at least one item.");
        }
        else
        {
            for (int i = 0; i < d.Items.Length; i++)
            {
                ValidateItem(d.Items[i], $"$.items[{i}]", itemCodes, dimensionCodes);
            }
        }

        var gradeCodes = new HashSet<string>(StringComparer.Ordinal);
        if (d.Grades.IsDefaultOrEmpty)
        {
            Report("$.grades", RuleSetErrorCodes.Required, "a rule set needs at least one grade band.");
        }
        else
        {
            bool boundsOk = true;
            for (int i = 0; i < d.Grades.Length; i++)
            {
                var g = d.Grades[i];
                var path = $"$.grades[{i}]";
                if (Code(g.Code, path + ".code") && !gradeCodes.Add(g.Code))
                {
                    Report(path + ".code", RuleSetErrorCodes.DuplicateCode, $"grade code '{g.Code}' is used twice.");
                }

                scaleNumbersOk &= Bounded(g.Lower.Value, path + ".lower.value") & Bounded(g.Upper.Value, path + ".upper.value");
                if (g.Lower.Value > g.Upper.Value || (g.Lower.Value == g.Upper.Value && !(g.Lower.Inclusive && g.Upper.Inclusive)))
                {
                    boundsOk = false;
                    Report(path, RuleSetErrorCodes.InvalidValue, $"band '{g.Code}' {g} is empty: its lower bound must be below its upper bound.");
                }
            }

            if (boundsOk && scaleNumbersOk && precisionOk && rangeOk && !Failed("$.grades") && !Failed("$.min") && !Failed("$.max") && !Failed("$.precision"))
            {
                foreach (var e in GradeScale.CheckPartition(d.Grades, d.Min, d.Max, d.Precision))
                {
                    _sink.Add(e);
                }
            }
        }

        if (!d.Requirements.IsDefault)
        {
            var reqCodes = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < d.Requirements.Length; i++)
            {
                var r = d.Requirements[i];
                var path = $"$.requirements[{i}]";
                if (Code(r.Code, path + ".code") && !reqCodes.Add(r.Code))
                {
                    Report(path + ".code", RuleSetErrorCodes.DuplicateCode, $"requirement code '{r.Code}' is used twice.");
                }

                if (!gradeCodes.Contains(r.CapGradeAt))
                {
                    Report(path + ".capGradeAt", RuleSetErrorCodes.UnknownReference, $"'{r.CapGradeAt}' is not the code of a grade in $.grades.");
                }
            }
        }

        WindowLike(d.Repair.Delay, "$.repair.delay", allowZero: true);
    }

    private void ValidateItem(ScoreItem item, string path, HashSet<string> itemCodes, HashSet<string> dimensionCodes)
    {
        if (Code(item.Code, path + ".code") && !itemCodes.Add(item.Code))
        {
            Report(path + ".code", RuleSetErrorCodes.DuplicateCode, $"item code '{item.Code}' is used twice.");
        }

        if (!dimensionCodes.Contains(item.Dimension) && !Failed("$.dimensions"))
        {
            Report(path + ".dimension", RuleSetErrorCodes.UnknownReference, $"'{item.Dimension}' is not the code of a dimension in $.dimensions.");
        }

        if (item.Points.HasValue == item.PointsPerUnit.HasValue)
        {
            Report(path, RuleSetErrorCodes.InvalidValue, $"item '{item.Code}' must have exactly one of 'points' (fixed per record) and 'pointsPerUnit' (× quantity).");
        }

        if (Bounded(item.Points, path + ".points")) NonNegative(item.Points, path + ".points");
        if (Bounded(item.PointsPerUnit, path + ".pointsPerUnit")) NonNegative(item.PointsPerUnit, path + ".pointsPerUnit");
        if (Bounded(item.RecordCap, path + ".recordCap")) NonNegative(item.RecordCap, path + ".recordCap");
        if (Bounded(item.ItemCap, path + ".itemCap")) NonNegative(item.ItemCap, path + ".itemCap");
        if (item.Severity == Severity.Serious && item.Polarity == Polarity.Positive)
        {
            Report(path + ".severity", RuleSetErrorCodes.InvalidValue, $"item '{item.Code}' is positive; only negative items can be serious.");
        }

        if (item.CountsFor is { } window)
        {
            WindowLike(window, path + ".countsFor", allowZero: false);
        }

        if (item.RepairMinimumPeriod is { } repairAfter)
        {
            if (item.Polarity == Polarity.Positive)
            {
                Report(path + ".repairMinimumPeriod", RuleSetErrorCodes.InvalidValue, $"item '{item.Code}' is positive; only negative records are repaired, so only negative items have a minimum repair period.");
            }
            else
            {
                WindowLike(repairAfter, path + ".repairMinimumPeriod", allowZero: true);
            }
        }
    }

    private void WindowLike(Period p, string path, bool allowZero)
    {
        if (p.HasTimeComponent)
        {
            Report(path, RuleSetErrorCodes.InvalidValue, $"'{p}' has a time part; a period here has years, months, weeks and days only (P2Y, P6M, P90D, P1Y6M).");
            return;
        }

        if (p.Years < 0 || p.Months < 0 || p.Weeks < 0 || p.Days < 0)
        {
            Report(path, RuleSetErrorCodes.InvalidValue, $"'{p}' is negative; a period here must not be.");
            return;
        }

        if (!allowZero && p.Years == 0 && p.Months == 0 && p.Weeks == 0 && p.Days == 0)
        {
            Report(path, RuleSetErrorCodes.InvalidValue, "a window of zero length would never count; leave 'countsFor' out for a record that never expires.");
        }
    }

    private bool Code(string? code, string path)
    {
        if (code is null || !CodePattern.IsMatch(code))
        {
            Report(path, RuleSetErrorCodes.InvalidValue, $"'{code}' is not a code: lower-case letters and digits, separated by single '.', '-' or '_'.");
            return false;
        }

        return true;
    }

    private void NonNegative(decimal? value, string path)
    {
        if (value is { } v && v < 0)
        {
            Report(path, RuleSetErrorCodes.InvalidValue, $"must not be negative; it is {v.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private void OnGrid(decimal value, int precision, string path)
    {
        if (decimal.Round(value, precision) != value)
        {
            Report(path, RuleSetErrorCodes.InvalidValue, $"{value.ToString(CultureInfo.InvariantCulture)} has more decimal places than precision {precision} allows.");
        }
    }

    /// <summary>Whether <paramref name="value"/> is absent or within the bounds of a rule-set number; reports it when not.</summary>
    private bool Bounded(decimal? value, string path)
    {
        if (value is not { } v || RuleSetNumbers.InBounds(v)) return true;
        Report(path, RuleSetErrorCodes.InvalidValue, RuleSetNumbers.OutOfBounds(v));
        return false;
    }

    private bool Failed(string path) => _sink.Failed(path);

    private void Report(string path, string code, string message) => _sink.Invalid(path, code, message);
}
