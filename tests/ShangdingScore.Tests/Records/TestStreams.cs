using System.Text;

namespace ShangdingScore.Tests.Records;

/// <summary>A read-only, non-seekable stream that hands out at most <c>chunk</c> bytes per read from a lazily produced byte sequence.</summary>
internal sealed class ChunkedStream : Stream
{
    private readonly IEnumerator<byte[]> _parts;
    private readonly int _chunk;
    private byte[] _current = Array.Empty<byte>();
    private int _offset;
    private bool _done;

    public ChunkedStream(IEnumerable<byte[]> parts, int chunk)
    {
        _parts = parts.GetEnumerator();
        _chunk = chunk;
    }

    public ChunkedStream(byte[] bytes, int chunk)
        : this(new[] { bytes }, chunk)
    {
    }

    public long TotalRead { get; private set; }

    public int MaxReadRequested { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        MaxReadRequested = Math.Max(MaxReadRequested, count);
        while (!_done && _offset == _current.Length)
        {
            if (_parts.MoveNext())
            {
                _current = _parts.Current;
                _offset = 0;
            }
            else
            {
                _done = true;
            }
        }

        if (_done) return 0;
        int n = Math.Min(Math.Min(count, _chunk), _current.Length - _offset);
        Array.Copy(_current, _offset, buffer, offset, n);
        _offset += n;
        TotalRead += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public static ChunkedStream FromText(string text, int chunk = 7) => new(Encoding.UTF8.GetBytes(text), chunk);
}
