using System.Buffers;

namespace ShangdingScore.Records;

/// <summary>
/// Splits a byte stream into lines on LF before any decoding, with one pooled buffer of about
/// <c>maxLineBytes</c>: memory is constant in the size of the stream. A byte-order mark at the very
/// start is dropped (only that one: any later one stays in its line); a line longer than the limit is
/// skipped to the next LF and reported by its length and first bytes, never buffered whole. A CR is
/// never a line end: a file whose lines end in bare CR is one line. The caller feeds data (sync or async).
/// </summary>
/// <remarks>Not thread-safe; one instance per stream.</remarks>
internal sealed class Utf8LineFramer : IDisposable
{
    private const int PrefixBytes = 1024;
    private readonly int _maxLineBytes;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;
    private bool _bomChecked;
    private bool _discarding;
    private long _discardedBytes;
    private readonly byte[] _prefix = new byte[PrefixBytes];
    private int _prefixLength;
    private byte _lastDiscarded;

    public Utf8LineFramer(int maxLineBytes)
    {
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(maxLineBytes + 2, 4096));
    }

    internal enum Status
    {
        /// <summary>A line is in <see cref="Line"/> (LF removed; the CR of a CRLF kept for the caller to strip when <see cref="EndsWithLineFeed"/>).</summary>
        Line,

        /// <summary>A line over the limit was skipped; <see cref="TooLongBytes"/> and <see cref="TooLongPrefix"/> describe it.</summary>
        TooLong,

        /// <summary>Call <see cref="GetFillTarget"/>, read into it, then <see cref="Advance"/>.</summary>
        NeedData,

        /// <summary>The stream is exhausted.</summary>
        End,
    }

    /// <summary>The current line's bytes (valid until the next call).</summary>
    public ReadOnlySpan<byte> Line => new(Buffer, _lineStart, _lineLength);

    /// <summary>Whether an LF ended the current or skipped line; false for a last line that runs to the end of the stream.</summary>
    public bool EndsWithLineFeed { get; private set; }

    /// <summary>The skipped line's length in bytes (line end excluded).</summary>
    public long TooLongBytes { get; private set; }

    /// <summary>The first bytes of the skipped line.</summary>
    public ReadOnlySpan<byte> TooLongPrefix => new(_prefix, 0, _prefixLength);

    private int _lineStart;
    private int _lineLength;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(JsonLinesRecordReader));

    public Status Next()
    {
        var buffer = Buffer;
        if (!_bomChecked)
        {
            if (_end - _start < 3 && !_eof) return Status.NeedData;
            if (_end - _start >= 3 && buffer[_start] == 0xEF && buffer[_start + 1] == 0xBB && buffer[_start + 2] == 0xBF) _start += 3;
            _scanned = _start;
            _bomChecked = true;
        }

        int lf = _end > _scanned ? Array.IndexOf(buffer, (byte)'\n', _scanned, _end - _scanned) : -1;
        if (lf >= 0)
        {
            EndsWithLineFeed = true;
            if (_discarding)
            {
                _discardedBytes += lf - _start;
                if (lf > _start) _lastDiscarded = buffer[lf - 1];
                FinishTooLong();
                _start = _scanned = lf + 1;
                return Status.TooLong;
            }

            _lineStart = _start;
            _lineLength = lf - _start;
            _start = _scanned = lf + 1;
            return Status.Line;
        }

        _scanned = _end;
        if (_discarding)
        {
            _discardedBytes += _end - _start;
            if (_end > _start) _lastDiscarded = buffer[_end - 1];
            _start = _end = _scanned = 0;
        }
        else if (_end - _start > _maxLineBytes + 1)
        {
            // Cannot fit even with a CR before the LF: skip it without buffering more.
            _discarding = true;
            _prefixLength = Math.Min(PrefixBytes, _end - _start);
            Array.Copy(buffer, _start, _prefix, 0, _prefixLength);
            _discardedBytes = _end - _start;
            _lastDiscarded = buffer[_end - 1];
            _start = _end = _scanned = 0;
        }

        if (_eof)
        {
            EndsWithLineFeed = false;
            if (_discarding)
            {
                FinishTooLong();
                return Status.TooLong;
            }

            if (_start < _end)
            {
                _lineStart = _start;
                _lineLength = _end - _start;
                _start = _scanned = _end;
                return Status.Line;
            }

            return Status.End;
        }

        return Status.NeedData;
    }

    /// <summary>Where to read the next bytes into (compacts the buffer first).</summary>
    public ArraySegment<byte> GetFillTarget()
    {
        var buffer = Buffer;
        if (_start > 0)
        {
            int length = _end - _start;
            if (length > 0) System.Buffer.BlockCopy(buffer, _start, buffer, 0, length);
            _scanned -= _start;
            _end = length;
            _start = 0;
        }

        return new ArraySegment<byte>(buffer, _end, buffer.Length - _end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were read into the fill target; 0 means end of stream.</summary>
    public void Advance(int count)
    {
        if (count == 0) _eof = true;
        else _end += count;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = null;
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }

    private void FinishTooLong()
    {
        // The CR of a CRLF line end is not part of the line; a CR at the end of the stream is.
        TooLongBytes = EndsWithLineFeed && _lastDiscarded == (byte)'\r' ? _discardedBytes - 1 : _discardedBytes;
        _lastDiscarded = 0;
        _discarding = false;
        _discardedBytes = 0;
    }
}
