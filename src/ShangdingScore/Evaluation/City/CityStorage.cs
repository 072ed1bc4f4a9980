using System.Collections.Immutable;
using System.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>A growable array of unmanaged values: the column a <see cref="CompactCityBuilder"/> appends to.</summary>
internal sealed class Column<T>
    where T : struct
{
    private T[] _items;

    public Column(long capacity) => _items = new T[Math.Max(16, Math.Min(capacity, int.MaxValue - 64))];

    public int Count { get; private set; }

    public void Add(T value)
    {
        if (Count == _items.Length) Grow();
        _items[Count++] = value;
    }

    /// <summary>Forgets everything from <paramref name="count"/> on (a subject that did not fit is rolled back).</summary>
    public void Truncate(int count) => Count = count;

    /// <summary>The values, in an array of exactly <see cref="Count"/> (the buffer itself when it is that size).</summary>
    public T[] ToArray()
    {
        if (_items.Length == Count) return _items;
        var exact = new T[Count];
        Array.Copy(_items, exact, Count);
        _items = exact;
        return exact;
    }

    private void Grow()
    {
        long next = Math.Min((long)_items.Length * 2, int.MaxValue - 64);
        if (next <= _items.Length) throw new InvalidOperationException($"A column of the compact city cannot hold more than {_items.Length} values; build the city in more parts.");
        Array.Resize(ref _items, (int)next);
    }
}

/// <summary>
/// What one record kind is, in one rule set: the item, the points after the per-record cap (fixed point,
/// with their decimal scale), and whether the record was repaired (its repair day is in the layer's repair list).
/// Records of one kind differ only in their occurrence day.
/// </summary>
internal readonly struct CityKind : IEquatable<CityKind>
{
    public CityKind(int item, long points, byte scale, bool repaired)
    {
        Item = item;
        Points = points;
        Scale = scale;
        Repaired = repaired;
    }

    public int Item { get; }

    public long Points { get; }

    public byte Scale { get; }

    public bool Repaired { get; }

    public bool Equals(CityKind other) => Item == other.Item && Points == other.Points && Scale == other.Scale && Repaired == other.Repaired;

    public override bool Equals(object? obj) => obj is CityKind k && Equals(k);

    public override int GetHashCode() => HashCode.Combine(Item, Points, Scale, Repaired);
}

/// <summary>A record kind as the kernel reads it: the kind, its item's polarity, severity, dimension and cap.</summary>
internal readonly struct CityKindInfo
{
    public CityKindInfo(CityKind kind, in CompiledItem item, long itemCap, byte itemCapScale)
    {
        Points = kind.Points;
        ItemCap = itemCap;
        Item = kind.Item;
        Dimension = item.Negative ? -1 : item.Dimension;
        Scale = kind.Scale;
        ItemCapScale = itemCapScale;
        Repaired = kind.Repaired;
        Serious = item.Serious;
    }

    /// <summary>Points after the per-record cap, scaled.</summary>
    public long Points { get; }

    /// <summary>The item's cap, scaled, or <see cref="FixedPointRules.NoCap"/>.</summary>
    public long ItemCap { get; }

    public int Item { get; }

    /// <summary>The item's dimension; −1 for a negative item (a deduction).</summary>
    public int Dimension { get; }

    public byte Scale { get; }

    public byte ItemCapScale { get; }

    public bool Repaired { get; }

    public bool Serious { get; }
}

/// <summary>
/// One part's subjects prepared against one rule set, column by column: per subject an offset and a flag byte,
/// per record a kind (2 bytes) and an occurrence day (2 bytes, days after <see cref="CompactCity.Origin"/>);
/// the repair days of repaired records in a side list.
/// </summary>
internal sealed class CityLayer
{
    /// <summary>The subject's flag: no record was set aside for a data problem.</summary>
    public const byte Clean = 1;

    /// <summary>The subject's flag: its records did not fit the compact form; it is scored from its raw records.</summary>
    public const byte Fallback = 2;

    public CityLayer(RuleSet ruleSet, int[] offsets, ushort[] kinds, ushort[] days, byte[] flags, int[] repairAt, int[] repairedFromDay, CityKind[] kindTable)
    {
        Offsets = offsets;
        Kinds = kinds;
        Days = days;
        Flags = flags;
        RepairAt = repairAt;
        RepairedFromDay = repairedFromDay;
        var items = ruleSet.CompiledItems;
        var fp = ruleSet.FixedPoint;
        KindInfo = kindTable.Select(k => new CityKindInfo(k, items[k.Item], fp!.ItemCaps[k.Item], fp.ItemCapScales[k.Item])).ToArray();
    }

    /// <summary>Per subject, and one more: where its records start in <see cref="Kinds"/> and <see cref="Days"/>.</summary>
    public int[] Offsets { get; }

    /// <summary>Per record: its kind, an index into the Kind* arrays.</summary>
    public ushort[] Kinds { get; }

    /// <summary>Per record: its occurrence day as days after <see cref="CompactCity.Origin"/>.</summary>
    public ushort[] Days { get; }

    /// <summary>Per subject: <see cref="Clean"/> and <see cref="Fallback"/>.</summary>
    public byte[] Flags { get; }

    /// <summary>The positions (in <see cref="Kinds"/>) of the repaired records, ascending.</summary>
    public int[] RepairAt { get; }

    /// <summary>For each of <see cref="RepairAt"/>: the first day (day number) the record no longer counts.</summary>
    public int[] RepairedFromDay { get; }

    /// <summary>Per record kind: everything the kernel reads about it, in one place.</summary>
    public CityKindInfo[] KindInfo { get; }

    /// <summary>Per record kind: its item's first occurrence day that still counts on <paramref name="plan"/>'s day, as days after <see cref="CompactCity.Origin"/>.</summary>
    public int[] FirstCounting(ScoringPlan plan)
    {
        var first = new int[KindInfo.Length];
        for (int k = 0; k < first.Length; k++) first[k] = (int)Math.Max(int.MinValue, (long)plan.FirstCountingDay[KindInfo[k].Item] - CompactCity.OriginDay);
        return first;
    }

    /// <summary>Bytes held by the arrays of this layer.</summary>
    public long Bytes =>
        (4L * Offsets.Length) + (2L * Kinds.Length) + (2L * Days.Length) + Flags.Length + (8L * RepairAt.Length) + (32L * KindInfo.Length);
}

/// <summary>One part of a city: its subjects (ids, enrolments), a layer per rule set, and the raw records of the subjects that did not fit.</summary>
internal sealed class CitySegment
{
    public CitySegment(byte[] idBytes, int[] idOffsets, int[] enrolmentIndex, Enrolment[] enrolments, CityLayer[] layers, Dictionary<int, ImmutableArray<CreditRecord>> fallback, long deliveredRecords)
    {
        IdBytes = idBytes;
        IdOffsets = idOffsets;
        EnrolmentIndex = enrolmentIndex;
        Enrolments = enrolments;
        Layers = layers;
        FallbackRecords = fallback;
        DeliveredRecords = deliveredRecords;
    }

    public int Count => EnrolmentIndex.Length;

    /// <summary>The subject ids, UTF-8, one after another.</summary>
    public byte[] IdBytes { get; }

    /// <summary>Per subject, and one more: where its id starts in <see cref="IdBytes"/>.</summary>
    public int[] IdOffsets { get; }

    /// <summary>Per subject: its enrolment, an index into <see cref="Enrolments"/>.</summary>
    public int[] EnrolmentIndex { get; }

    /// <summary>The distinct enrolment histories of the part.</summary>
    public Enrolment[] Enrolments { get; }

    /// <summary>Per rule set of the city: the records prepared against it.</summary>
    public CityLayer[] Layers { get; }

    /// <summary>By subject position: the delivered records of the subjects that did not fit the compact form in some layer.</summary>
    public Dictionary<int, ImmutableArray<CreditRecord>> FallbackRecords { get; }

    public long DeliveredRecords { get; }

    public SubjectId SubjectAt(int index) =>
        new(Encoding.UTF8.GetString(IdBytes, IdOffsets[index], IdOffsets[index + 1] - IdOffsets[index]));

    public long Bytes =>
        IdBytes.Length + (4L * IdOffsets.Length) + (4L * EnrolmentIndex.Length) + Layers.Sum(l => l.Bytes);
}
