using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace ShangdingScore.Rules;

/// <summary>Checks a <see cref="RuleSetDefinition"/> against the rules of spec §2–3a and reports every problem with its JSON path.</summary>
internal sealed class RuleSetValidator
{
    internal const int MaxPrecision = 4;
    private static readonly Regex CodePattern = new("^[a-z0-9]+([._-][a-z0-9]+)*$", RegexOptions.CultureInvariant);

    private readonly List<RuleSetError> _errors;
    private readonly IReadOnlyCollection<string> _alreadyFailed;

    public RuleSetValidator(List<RuleSetError> errors, IReadOnlyCollection<string> alreadyFailed)
    {
        _errors = errors;
        _alreadyFailed = alreadyFailed;
    }

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

                NonNegative(dim.PositiveCap, path + ".positiveCap");
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

                if (g.Lower.Value > g.Upper.Value || (g.Lower.Value == g.Upper.Value && !(g.Lower.Inclusive && g.Upper.Inclusive)))
                {
                    boundsOk = false;
                    Report(path, RuleSetErrorCodes.InvalidValue, $"band '{g.Code}' {g} is empty: its lower bound must be below its upper bound.");
                }
            }

            if (boundsOk && precisionOk && rangeOk && !Failed("$.grades") && !Failed("$.min") && !Failed("$.max") && !Failed("$.precision"))
            {
                foreach (var e in GradeScale.CheckPartition(d.Grades, d.Min, d.Max, d.Precision))
                {
                    _errors.Add(e);
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

        NonNegative(item.Points, path + ".points");
        NonNegative(item.PointsPerUnit, path + ".pointsPerUnit");
        NonNegative(item.RecordCap, path + ".recordCap");
        NonNegative(item.ItemCap, path + ".itemCap");
        if (item.Severity == Severity.Serious && item.Polarity == Polarity.Positive)
        {
            Report(path + ".severity", RuleSetErrorCodes.InvalidValue, $"item '{item.Code}' is positive; only negative items can be serious.");
        }

        if (item.CountsFor is { } window)
        {
            WindowLike(window, path + ".countsFor", allowZero: false);
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

    private bool Failed(string path)
    {
        foreach (var f in _alreadyFailed)
        {
            if (IsWithin(f, path) || IsWithin(path, f)) return true;
        }

        return false;
    }

    private static bool IsWithin(string inner, string outer) =>
        inner.Length >= outer.Length && inner.StartsWith(outer, StringComparison.Ordinal)
        && (inner.Length == outer.Length || inner[outer.Length] == '.' || inner[outer.Length] == '[');

    private void Report(string path, string code, string message)
    {
        if (!Failed(path)) _errors.Add(new RuleSetError(path, code, message));
    }
}
