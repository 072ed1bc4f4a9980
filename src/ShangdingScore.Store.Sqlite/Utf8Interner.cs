using System.Text;

namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// Turns the UTF-8 bytes of a column into a value (a string, a decimal) without decoding them again
/// when the same bytes were seen before: for the few repeated codes of a whole-store scan (items,
/// providers, quantities). Holds at most <see cref="Capacity"/> distinct values; past that, values
/// are made afresh each time, so memory stays bounded whatever the data.
/// </summary>
/// <typeparam name="T">The value made from the decoded text.</typeparam>
/// <remarks>Not thread-safe: one per scan.</remarks>
internal sealed class Utf8Interner<T>
{
    /// <summary>The most distinct values kept.</summary>
    public const int Capacity = 1024;

    private const int Slots = 2048; // a power of two, twice the capacity: probes stay short
    private readonly byte[]?[] _keys = new byte[]?[Slots];
    private readonly T[] _values = new T[Slots];
    private readonly Func<string, T> _make;
    private int _count;
    private byte[]? _last;
    private T _lastValue = default!;

    /// <summary>Creates an interner that makes a value from the decoded text when the bytes are new.</summary>
    public Utf8Interner(Func<string, T> make) => _make = make;

    /// <summary>The value for these bytes.</summary>
    /// <remarks>The bytes asked for last are checked first: a scan in key order repeats one value over many rows (a day's rule set and content hash).</remarks>
    public T Get(ReadOnlySpan<byte> utf8)
    {
        if (_last is { } last && utf8.SequenceEqual(last)) return _lastValue;
        uint hash = 2166136261;
        foreach (var b in utf8) hash = unchecked((hash ^ b) * 16777619);
        int slot = (int)(hash & (Slots - 1));
        while (_keys[slot] is { } key)
        {
            if (utf8.SequenceEqual(key))
            {
                (_last, _lastValue) = (key, _values[slot]);
                return _lastValue;
            }

            slot = (slot + 1) & (Slots - 1);
        }

        var value = _make(Decode(utf8));
        if (_count < Capacity)
        {
            _keys[slot] = utf8.ToArray();
            _values[slot] = value;
            _count++;
            (_last, _lastValue) = (_keys[slot], value);
        }

        return value;
    }

    /// <summary>Decodes UTF-8 bytes into a string.</summary>
    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
#if NET
        return Encoding.UTF8.GetString(utf8);
#else
        return Encoding.UTF8.GetString(utf8.ToArray());
#endif
    }
}
