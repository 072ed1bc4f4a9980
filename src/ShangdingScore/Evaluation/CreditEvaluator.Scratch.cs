using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

public static partial class CreditEvaluator
{
    /// <summary>
    /// Working memory of one evaluation, reused by the next evaluation on the same thread: the merged
    /// entries, the copy-detection table, the sort keys and order, and lists for events, flags, the ids that
    /// trigger requirements and the amounts caps cut. Scratch only: it holds no result; it is taken from the
    /// thread before use and cleared of every reference when given back.
    /// </summary>
    private sealed class Scratch
    {
        /// <summary>Larger buffers are not kept for the next evaluation.</summary>
        private const int MaxKeptRecords = 4096;

        [ThreadStatic]
        private static Scratch? t_cached;

        /// <summary>Slots of the item-code cache of <see cref="ItemIndexOf"/>: a power of two.</summary>
        private const int ItemCacheSize = 64;

        private readonly string?[] _itemCacheCodes = new string?[ItemCacheSize];
        private readonly int[] _itemCacheIndices = new int[ItemCacheSize];
        private RuleSet? _itemCacheRuleSet;
        private int _used;

        public Entry[] Entries { get; private set; } = new Entry[32];

        public int[] Slots { get; private set; } = new int[64];

        /// <summary>The id hash of each used slot of <see cref="Slots"/>, compared before the ids.</summary>
        public int[] SlotHashes { get; private set; } = new int[64];

        public long[] Keys { get; private set; } = new long[32];

        public int[] Order { get; private set; } = new int[32];

        public List<RecordEvent> Events { get; } = new();

        public List<EvaluationFlag> Flags { get; } = new();

        public List<string> NegativeIds { get; } = new();

        public List<string> SeriousIds { get; } = new();

        public List<decimal> Partials { get; } = new();

        public static Scratch Rent()
        {
            var scratch = t_cached ?? new Scratch();
            t_cached = null;
            return scratch;
        }

        public static void Return(Scratch scratch)
        {
            Array.Clear(scratch.Entries, 0, scratch._used);
            scratch._used = 0;
            scratch.Events.Clear();
            scratch.Flags.Clear();
            scratch.NegativeIds.Clear();
            scratch.SeriousIds.Clear();
            scratch.Partials.Clear();
            if (scratch.Entries.Length <= MaxKeptRecords) t_cached = scratch;
        }

        /// <summary>An entry buffer for up to <paramref name="records"/> entries.</summary>
        public Entry[] EntriesFor(int records)
        {
            if (Entries.Length < records)
            {
                Entries = new Entry[RoundUpToPowerOf2(records)];
                Keys = new long[Entries.Length];
                Order = new int[Entries.Length];
            }

            _used = records;
            return Entries;
        }

        /// <summary>A cleared copy-detection table for <paramref name="records"/> keys: a power of two, at least twice as many slots.</summary>
        public Span<int> SlotsFor(int records)
        {
            int size = RoundUpToPowerOf2(Math.Max(records, 1) * 2);
            if (Slots.Length < size)
            {
                Slots = new int[size];
                SlotHashes = new int[size];
            }

            var slots = Slots.AsSpan(0, size);
            slots.Clear();
            return slots;
        }

        /// <summary>
        /// The index of item <paramref name="code"/> in <paramref name="ruleSet"/>, or -1 when it has none. Remembers the
        /// last few code strings by reference (stores and readers intern item codes, so one string serves many records):
        /// a record whose code is the same string as an earlier one is resolved without hashing the text.
        /// </summary>
        /// <remarks>Keeps up to <see cref="ItemCacheSize"/> code strings and the last rule set alive on the thread.</remarks>
        public int ItemIndexOf(RuleSet ruleSet, string code)
        {
            if (!ReferenceEquals(_itemCacheRuleSet, ruleSet))
            {
                Array.Clear(_itemCacheCodes, 0, ItemCacheSize);
                _itemCacheRuleSet = ruleSet;
            }

            int slot = RuntimeHelpers.GetHashCode(code) & (ItemCacheSize - 1);
            if (ReferenceEquals(_itemCacheCodes[slot], code)) return _itemCacheIndices[slot];
            if (!ruleSet.TryGetItemIndex(code, out int index)) return -1;
            _itemCacheCodes[slot] = code;
            _itemCacheIndices[slot] = index;
            return index;
        }

        private static int RoundUpToPowerOf2(int n)
        {
            int p = 1;
            while (p < n) p <<= 1;
            return p;
        }
    }

    /// <summary>One merged record while it is evaluated.</summary>
    private struct Entry
    {
        public CreditRecord Record;
        public int Copies;
        public bool Conflicting;
        /// <summary>Of several copies, the one recorded first (null for a single delivery): the merged record's <c>recordedAt</c>.</summary>
        public CreditRecord? Earliest;
        public int ItemIndex;
        public RecordOutcome Outcome;
        public LocalDate? RepairedFrom;
        public bool RepairOfPositive;
    }

    private struct EventStatus
    {
        public RecordOutcome? Final;
        public bool DisputePending;
        public LocalDate? RepairedFrom;
        public bool RepairOfPositive;
    }

    /// <summary>
    /// Puts the indices of the first <paramref name="count"/> entries in (occurredOn, id) order into <c>scratch.Order</c>:
    /// step 4 allocates caps in this order and the explanation lists the records in it.
    /// </summary>
    /// <remarks>
    /// Sorts the 64-bit keys (day number, index) the caller left in <c>scratch.Keys</c>, then orders records of one day by
    /// id; when a date is of another calendar than the ISO one (<paramref name="days"/> false) the entries are sorted with
    /// <see cref="LocalDate.CompareTo(LocalDate)"/> as before.
    /// </remarks>
    private static int[] SortEntries(Entry[] entries, int count, bool days, Scratch scratch)
    {
        var keys = scratch.Keys;
        var order = scratch.Order;
        if (!days)
        {
            for (int j = 0; j < count; j++) order[j] = j;
            Array.Sort(order, 0, count, new IndexOrder(entries));
            return order;
        }

        Array.Sort(keys, 0, count);
        int start = 0;
        for (int i = 0; i < count; i++)
        {
            order[i] = (int)(keys[i] & 0xFFFFFFFF);
            if ((keys[i] >> 32) != (keys[start] >> 32)) start = i;

            // Insertion into the run of the same day, by id.
            for (int j = i; j > start && string.CompareOrdinal(entries[order[j - 1]].Record.Id, entries[order[j]].Record.Id) > 0; j--)
            {
                (order[j - 1], order[j]) = (order[j], order[j - 1]);
            }
        }

        return order;
    }

    /// <summary>
    /// A hash of every character of a record id, four characters a step, for finding copies among one subject's records:
    /// cheaper than the randomized string hash for the short ids providers use. Equal ids have equal hashes; the
    /// table compares the ids themselves, so a collision costs a comparison, never a wrong merge.
    /// </summary>
    private static int IdHash(string id)
    {
        unchecked
        {
            var chars = id.AsSpan();
            var words = MemoryMarshal.Cast<char, ulong>(chars);
            ulong h = (ulong)chars.Length * 0x9E3779B97F4A7C15UL;
            for (int i = 0; i < words.Length; i++)
            {
                h ^= words[i];
                h = ((h << 27) | (h >> 37)) * 0xBF58476D1CE4E5B9UL;
            }

            for (int i = words.Length * 4; i < chars.Length; i++)
            {
                h = (h ^ chars[i]) * 0x94D049BB133111EBUL;
            }

            h ^= h >> 31;
            return (int)h ^ (int)(h >> 32);
        }
    }

    /// <summary>(occurredOn, id) order of entries; the total order every path allocates caps in.</summary>
    private static int CompareEntries(in Entry x, in Entry y)
    {
        int c = x.Record.OccurredOn.CompareTo(y.Record.OccurredOn);
        return c != 0 ? c : string.CompareOrdinal(x.Record.Id, y.Record.Id);
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(Entry x, Entry y) => CompareEntries(x, y);
    }

    private sealed class IndexOrder : IComparer<int>
    {
        private readonly Entry[] _entries;

        public IndexOrder(Entry[] entries) => _entries = entries;

        public int Compare(int x, int y) => CompareEntries(_entries[x], _entries[y]);
    }

    private sealed class EventOrder : IComparer<RecordEvent>
    {
        public static readonly EventOrder Instance = new();

        public int Compare(RecordEvent? x, RecordEvent? y)
        {
            int c = x!.At.CompareTo(y!.At);
            if (c != 0) return c;
            c = ((int)x.Type).CompareTo((int)y.Type);
            if (c != 0) return c;
            return Nullable.Compare(x.EffectiveOn, y.EffectiveOn);
        }
    }
}
