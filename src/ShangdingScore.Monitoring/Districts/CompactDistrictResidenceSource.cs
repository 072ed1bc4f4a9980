using System.Collections.Immutable;
using System.Text;
using NodaTime;

namespace ShangdingScore.Monitoring;

/// <summary>
/// A city's residence register in memory without an object per resident: every subject id as UTF-8 bytes in one array,
/// its district as a small index, found through one open-addressing table (about 25 bytes per subject, against about
/// 190 for a hash table of strings). Loaded from the register's CSV export: a header <c>subject,district</c>, then one
/// subject per line (docs/monitoring.md).
/// </summary>
/// <remarks>Immutable and thread-safe once loaded. The residence does not change over time in this source.</remarks>
public sealed class CompactDistrictResidenceSource : IDistrictResidenceSource
{
    private const int MaxProblems = 20;
    private const int MaxSubjectLength = 128; // as SubjectId allows

    // Filled by Load only; never written after it returns.
    private byte[] _ids = Array.Empty<byte>();
    private int[] _starts = new int[1]; // subject i's bytes are _ids[_starts[i] .. _starts[i + 1])
    private byte[] _districts = Array.Empty<byte>();
    private int[] _slots = new int[2]; // entry index + 1; 0 for an empty slot
    private ImmutableArray<string> _codes = ImmutableArray<string>.Empty;

    private CompactDistrictResidenceSource()
    {
    }

    /// <summary>How many subjects are placed.</summary>
    public int Count { get; private set; }

    /// <summary>Loads a residence CSV, checking every line: the header, one comma per line, a subject id, a district code of <paramref name="catalog"/>, no subject twice.</summary>
    /// <param name="utf8Csv">The file's bytes (UTF-8, a byte order mark allowed; lines end with LF or CRLF; empty lines are skipped).</param>
    /// <param name="catalog">The districts the codes must name.</param>
    /// <param name="sourceName">How problems name the file, for example its path.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The file has problems; <see cref="Exception.Data"/> holds them (at most 20) under <c>"problems"</c> as <c>string[]</c>, each <c>source:line: what</c>.</exception>
    public static CompactDistrictResidenceSource Load(ReadOnlySpan<byte> utf8Csv, DistrictCatalog catalog, string sourceName)
    {
        if (catalog is null) throw new ArgumentNullException(nameof(catalog));
        if (sourceName is null) throw new ArgumentNullException(nameof(sourceName));
        if (catalog.Districts.Length > byte.MaxValue) throw new ArgumentException($"At most {byte.MaxValue} districts; {catalog.Id} has {catalog.Districts.Length}.", nameof(catalog));
        var codes = catalog.Districts.Select(d => d.Code).ToImmutableArray();
        var codeBytes = codes.Select(c => Encoding.UTF8.GetBytes(c)).ToArray();
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var problems = new List<string>();
        if (utf8Csv.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) utf8Csv = utf8Csv.Slice(3);

        int capacity = Math.Max(16, utf8Csv.Length / 16);
        var r = new CompactDistrictResidenceSource
        {
            _ids = new byte[Math.Max(64, utf8Csv.Length)],
            _starts = new int[capacity + 1],
            _districts = new byte[capacity],
            _slots = new int[SlotsFor(capacity)],
            _codes = codes,
        };
        int used = 0, number = 0;
        var rest = utf8Csv;
        while (!rest.IsEmpty && problems.Count < MaxProblems)
        {
            number++;
            int end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest.Slice(0, end);
            rest = end < 0 ? default : rest.Slice(end + 1);
            if (!line.IsEmpty && line[line.Length - 1] == (byte)'\r') line = line.Slice(0, line.Length - 1);
            if (number == 1)
            {
                if (!Trim(line).SequenceEqual("subject,district"u8)) problems.Add($"{sourceName}:1: the first line is the header 'subject,district'.");
                continue;
            }

            if (line.IsEmpty) continue;
            int comma = line.IndexOf((byte)',');
            var subject = comma <= 0 ? default : Trim(line.Slice(0, comma));
            if (comma <= 0 || line.Slice(comma + 1).IndexOf((byte)',') >= 0 || subject.IsEmpty)
            {
                problems.Add($"{sourceName}:{number}: expected 'subject,district', found '{Text(line)}'.");
                continue;
            }

            var code = Trim(line.Slice(comma + 1));
            int district = -1;
            for (int d = 0; d < codeBytes.Length && district < 0; d++) district = code.SequenceEqual(codeBytes[d]) ? d : -1;
            if (district < 0)
            {
                problems.Add($"{sourceName}:{number}: district '{Text(code)}' is not in {catalog.Id} {catalog.Version}.");
                continue;
            }

            bool ascii = IsAscii(subject);
            if (!ascii && !IsUtf8(strict, subject))
            {
                problems.Add($"{sourceName}:{number}: the subject id is not UTF-8.");
                continue;
            }

            if ((ascii ? subject.Length : strict.GetCharCount(subject.ToArray())) > MaxSubjectLength)
            {
                problems.Add($"{sourceName}:{number}: a subject id is at most {MaxSubjectLength} characters.");
                continue;
            }

            int n = r.Count;
            if (n == r._districts.Length)
            {
                Array.Resize(ref r._districts, n * 2);
                Array.Resize(ref r._starts, (n * 2) + 1);
            }

            subject.CopyTo(r._ids.AsSpan(used));
            r._starts[n] = used;
            r._districts[n] = (byte)district;
            r._starts[n + 1] = used + subject.Length;
            if ((n + 1) * 2 > r._slots.Length) r.Rehash(SlotsFor(n + 1));
            if (!r.TryInsert(n))
            {
                problems.Add($"{sourceName}:{number}: subject {Text(subject)} is listed twice.");
                continue;
            }

            used += subject.Length;
            r.Count = n + 1;
        }

        if (problems.Count > 0)
        {
            var ex = new InvalidDataException($"{sourceName}: the residence file is not valid ({problems.Count}{(problems.Count == MaxProblems ? " or more" : string.Empty)} problems).");
            ex.Data["problems"] = problems.ToArray();
            throw ex;
        }

        Array.Resize(ref r._ids, used);
        return r;
    }

    /// <inheritdoc />
    public ValueTask<ImmutableArray<string?>> GetDistrictsAsync(IReadOnlyList<SubjectId> subjects, LocalDate day, CancellationToken cancellationToken)
    {
        if (subjects is null) throw new ArgumentNullException(nameof(subjects));
        var result = ImmutableArray.CreateBuilder<string?>(subjects.Count);
        byte[] buffer = new byte[64];
        foreach (var s in subjects)
        {
            var value = s.Value ?? string.Empty;
            int max = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (max > buffer.Length) buffer = new byte[max];
            int length = Encoding.UTF8.GetBytes(value, 0, value.Length, buffer, 0);
            int found = Find(new ReadOnlySpan<byte>(buffer, 0, length));
            result.Add(found < 0 ? null : _codes[_districts[found]]);
        }

        return new(result.MoveToImmutable());
    }

    private static int SlotsFor(int entries)
    {
        int size = 2;
        while (size < entries * 2) size <<= 1;
        return size;
    }

    private void Rehash(int size)
    {
        _slots = new int[size];
        for (int i = 0; i < Count; i++) TryInsert(i);
    }

    private static bool IsAscii(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
        {
            if (b >= 0x80) return false;
        }

        return true;
    }

    private static bool IsUtf8(UTF8Encoding strict, ReadOnlySpan<byte> s)
    {
        try
        {
            strict.GetCharCount(s.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private ReadOnlySpan<byte> Id(int i) => new(_ids, _starts[i], _starts[i + 1] - _starts[i]);

    private bool TryInsert(int entry)
    {
        var id = Id(entry);
        int mask = _slots.Length - 1;
        for (int slot = (int)(Hash(id) & (uint)mask); ; slot = (slot + 1) & mask)
        {
            int e = _slots[slot] - 1;
            if (e < 0)
            {
                _slots[slot] = entry + 1;
                return true;
            }

            if (Id(e).SequenceEqual(id)) return false;
        }
    }

    private int Find(ReadOnlySpan<byte> id)
    {
        int mask = _slots.Length - 1;
        for (int slot = (int)(Hash(id) & (uint)mask); ; slot = (slot + 1) & mask)
        {
            int e = _slots[slot] - 1;
            if (e < 0) return -1;
            if (Id(e).SequenceEqual(id)) return e;
        }
    }

    /// <summary>FNV-1a over the bytes, then mixed so that the low bits used for the slot depend on every byte.</summary>
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint h = 2166136261;
        foreach (var b in bytes) h = unchecked((h ^ b) * 16777619);
        h ^= h >> 16;
        h = unchecked(h * 0x7feb352d);
        return h ^ (h >> 15);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        while (!s.IsEmpty && s[0] is (byte)' ' or (byte)'\t') s = s.Slice(1);
        while (!s.IsEmpty && s[s.Length - 1] is (byte)' ' or (byte)'\t') s = s.Slice(0, s.Length - 1);
        return s;
    }

    private static string Text(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s.ToArray());
}
