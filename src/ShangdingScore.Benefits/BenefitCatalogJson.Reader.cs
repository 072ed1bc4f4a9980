using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Packaging;
using ShangdingScore.Rules;

namespace ShangdingScore.Benefits;

/// <summary>The reading half of <see cref="BenefitCatalogJson"/>: JSON elements to a <see cref="BenefitCatalog"/>, every problem located.</summary>
public static partial class BenefitCatalogJson
{
    private sealed class Reader : JsonFieldReader
    {
        public Reader(int maxErrors)
            : base(maxErrors)
        {
        }

        /// <summary>The errors listed and, when there were more, a last one counting them.</summary>
        public ImmutableArray<BenefitCatalogError> AllErrors() =>
            Problems().Select(p => new BenefitCatalogError(p.Path, p.Code, p.Message)).ToImmutableArray();

        public BenefitCatalog? ReadRoot(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fail("$", BenefitCatalogErrorCodes.WrongType, $"a benefit catalog is a JSON object, found {Describe(root)}.");
                return null;
            }

            Known(root, "$", "$schema", "schemaVersion", "id", "version", "name", "effectiveFrom", "defaults", "families");
            var schemaVersion = Int(root, "$", "schemaVersion", required: true);
            if (schemaVersion is { } sv && sv != SchemaVersion)
            {
                Fail("$.schemaVersion", BenefitCatalogErrorCodes.InvalidValue, $"schemaVersion {sv} is not supported; this library reads version {SchemaVersion}.");
                return null;
            }

            var id = Code(root, "$", "id");
            RuleSetVersion? version = null;
            var versionText = String(root, "$", "version", required: true);
            if (versionText is not null)
            {
                if (RuleSetVersion.TryParse(versionText, out var v)) version = v;
                else Fail("$.version", BenefitCatalogErrorCodes.InvalidValue, $"'{versionText}' is not a Semantic Versioning 2.0 version.");
            }

            var name = Text(root, "$", "name", required: true);
            var effectiveFrom = Date(root, "$", "effectiveFrom");

            string defaultGrade = DefaultMinimumGrade;
            Period defaultValidFor = Period.FromDays(1);
            if (root.TryGetProperty("defaults", out var defaults))
            {
                if (defaults.ValueKind != JsonValueKind.Object)
                {
                    Fail("$.defaults", BenefitCatalogErrorCodes.WrongType, $"defaults is an object, found {Describe(defaults)}.");
                }
                else
                {
                    Known(defaults, "$.defaults", "minimumGrade", "validFor");
                    if (defaults.TryGetProperty("minimumGrade", out _)) defaultGrade = Code(defaults, "$.defaults", "minimumGrade") ?? defaultGrade;
                    if (defaults.TryGetProperty("validFor", out _)) defaultValidFor = ValidFor(defaults, "$.defaults") ?? defaultValidFor;
                }
            }

            var families = ImmutableArray.CreateBuilder<BenefitFamily>();
            var familyCodes = new HashSet<string>(StringComparer.Ordinal);
            var benefitCodes = new HashSet<string>(StringComparer.Ordinal);
            if (!root.TryGetProperty("families", out var fams))
            {
                Fail("$.families", BenefitCatalogErrorCodes.Required, "families is required.");
            }
            else if (fams.ValueKind != JsonValueKind.Array)
            {
                Fail("$.families", BenefitCatalogErrorCodes.WrongType, $"families is an array, found {Describe(fams)}.");
            }
            else
            {
                int i = 0;
                foreach (var fam in fams.EnumerateArray())
                {
                    var family = ReadFamily(fam, $"$.families[{i}]", defaultGrade, defaultValidFor, familyCodes, benefitCodes);
                    if (family is not null) families.Add(family);
                    i++;
                }
            }

            if (HasProblems || id is null || version is null || name is null || effectiveFrom is null) return null;
            return new BenefitCatalog(id, version.Value, name, effectiveFrom.Value, families.ToImmutable());
        }

        private BenefitFamily? ReadFamily(JsonElement e, string path, string defaultGrade, Period defaultValidFor, HashSet<string> familyCodes, HashSet<string> benefitCodes)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Fail(path, BenefitCatalogErrorCodes.WrongType, $"a family is an object, found {Describe(e)}.");
                return null;
            }

            Known(e, path, "code", "name", "benefits");
            var code = Code(e, path, "code");
            if (code is not null && !familyCodes.Add(code)) Fail(path + ".code", BenefitCatalogErrorCodes.DuplicateCode, $"family code '{code}' is used twice.");
            var name = Text(e, path, "name", required: true);
            var benefits = ImmutableArray.CreateBuilder<BenefitDefinition>();
            if (!e.TryGetProperty("benefits", out var list))
            {
                Fail(path + ".benefits", BenefitCatalogErrorCodes.Required, "benefits is required (use [] for a family with none).");
            }
            else if (list.ValueKind != JsonValueKind.Array)
            {
                Fail(path + ".benefits", BenefitCatalogErrorCodes.WrongType, $"benefits is an array, found {Describe(list)}.");
            }
            else
            {
                int i = 0;
                foreach (var b in list.EnumerateArray())
                {
                    var benefit = ReadBenefit(b, $"{path}.benefits[{i}]", code ?? string.Empty, defaultGrade, defaultValidFor, benefitCodes);
                    if (benefit is not null) benefits.Add(benefit);
                    i++;
                }
            }

            return code is null || name is null ? null : new BenefitFamily(code, name, benefits.ToImmutable());
        }

        private BenefitDefinition? ReadBenefit(JsonElement e, string path, string family, string defaultGrade, Period defaultValidFor, HashSet<string> benefitCodes)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Fail(path, BenefitCatalogErrorCodes.WrongType, $"a benefit is an object, found {Describe(e)}.");
                return null;
            }

            Known(e, path, "code", "name", "minimumGrade", "validFor", "terms");
            var code = Code(e, path, "code");
            if (code is not null && !benefitCodes.Add(code)) Fail(path + ".code", BenefitCatalogErrorCodes.DuplicateCode, $"benefit code '{code}' is used twice.");
            var name = Text(e, path, "name", required: true);
            var grade = e.TryGetProperty("minimumGrade", out _) ? Code(e, path, "minimumGrade") : defaultGrade;
            var validFor = e.TryGetProperty("validFor", out _) ? ValidFor(e, path) : defaultValidFor;
            var terms = BenefitTerms.None;
            if (e.TryGetProperty("terms", out var t)) terms = ReadTerms(t, path + ".terms") ?? BenefitTerms.None;
            if (code is null || name is null || grade is null || validFor is null) return null;
            return new BenefitDefinition(code, family, name, grade, terms, validFor);
        }

        private BenefitTerms? ReadTerms(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Fail(path, BenefitCatalogErrorCodes.WrongType, $"terms is an object, found {Describe(e)}.");
                return null;
            }

            Known(e, path, "waivesDeposit", "depositWaivedUpToYuan", "chargeRate", "priorityLevel");
            bool waives = false;
            if (e.TryGetProperty("waivesDeposit", out var w))
            {
                if (w.ValueKind is JsonValueKind.True or JsonValueKind.False) waives = w.GetBoolean();
                else Fail(path + ".waivesDeposit", BenefitCatalogErrorCodes.WrongType, $"waivesDeposit is a boolean, found {Describe(w)}.");
            }

            var upTo = Decimal(e, path, "depositWaivedUpToYuan", "catalog number");
            if (upTo is { } u)
            {
                if (u <= 0m || decimal.Round(u, 2) != u) Fail(path + ".depositWaivedUpToYuan", BenefitCatalogErrorCodes.InvalidValue, $"depositWaivedUpToYuan is a positive amount of yuan to the fen (two decimals at most), found {u}.");
                if (!waives) Fail(path + ".depositWaivedUpToYuan", BenefitCatalogErrorCodes.InvalidValue, "depositWaivedUpToYuan needs waivesDeposit: true.");
            }

            var rate = Decimal(e, path, "chargeRate", "catalog number");
            if (rate is { } r && (r < 0m || r >= 1m)) Fail(path + ".chargeRate", BenefitCatalogErrorCodes.InvalidValue, $"chargeRate is the fraction paid, at least 0 and below 1 (0.6 is 6折), found {r}.");
            int? priority = Int(e, path, "priorityLevel", required: false);
            if (priority is { } p && p < 1) Fail(path + ".priorityLevel", BenefitCatalogErrorCodes.InvalidValue, $"priorityLevel is 1 or more (1 is the first tier), found {p}.");
            return new BenefitTerms { WaivesDeposit = waives, DepositWaivedUpToYuan = upTo, ChargeRate = rate, PriorityLevel = priority };
        }

        private Period? ValidFor(JsonElement e, string path)
        {
            var text = String(e, path, "validFor", required: true);
            if (text is null) return null;
            var parsed = PeriodPattern.Roundtrip.Parse(text);
            if (!parsed.Success || text.Contains("T") || text.Contains("-") || parsed.Value.Normalize().Equals(Period.Zero))
            {
                Fail(path + ".validFor", BenefitCatalogErrorCodes.InvalidValue, $"validFor is a positive ISO 8601 period of years, months, weeks and days (P1D, P30D, P1M), found '{text}'.");
                return null;
            }

            return parsed.Value;
        }
    }
}
