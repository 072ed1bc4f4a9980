using System.Security.Cryptography;

namespace ShangdingScore.Stores;

/// <summary>
/// One delivery of a provider file, identified by its content: the SHA-256 of the bytes from the
/// stream's position to its end, as <c>sha256:</c> and 64 lower-case hex digits. Stores key the lines
/// they set aside by source name, delivery and line number (spec §4: a delivery is a file's content,
/// not its name), so two different files under one source name keep both sets of rejects, and
/// re-importing the same content adds none.
/// </summary>
/// <remarks>
/// <para>
/// The identity must be known before the first batch commits (every batch writes its rejects under
/// it, so a crash loses at most the batch in progress). A seekable stream is read once to the end for
/// the hash and rewound to where it was; any other stream is copied once, hashed on the way, to a
/// temporary file deleted when this object is disposed, and the import reads that copy.
/// </para>
/// <para>Not thread-safe. Dispose it after the import.</para>
/// </remarks>
public sealed class StoreDelivery : IDisposable
{
    private const int BufferSize = 128 * 1024;
    private readonly Stream? _owned;

    private StoreDelivery(string id, Stream content, Stream? owned)
    {
        Id = id;
        Content = content;
        _owned = owned;
    }

    /// <summary>The delivery's identity: <c>sha256:</c> followed by the content's SHA-256 in lower-case hex.</summary>
    public string Id { get; }

    /// <summary>The content to import, positioned where the caller's stream was.</summary>
    public Stream Content { get; }

    /// <summary>Hashes <paramref name="stream"/> from its current position to its end and returns the delivery to import.</summary>
    /// <param name="stream">The file; not closed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream or the temporary copy cannot be read or written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<StoreDelivery> PrepareAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        if (stream.CanSeek)
        {
            long start = stream.Position;
            int n;
            while ((n = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0) sha.AppendData(buffer, 0, n);
            stream.Position = start;
            return new StoreDelivery(Format(sha.GetHashAndReset()), stream, null);
        }

        var path = Path.Combine(Path.GetTempPath(), "sdss-delivery-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                await copy.WriteAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
            }

            await copy.FlushAsync(cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            return new StoreDelivery(Format(sha.GetHashAndReset()), copy, copy);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the temporary copy, if one was made; the caller's stream is left open.</summary>
    public void Dispose() => _owned?.Dispose();

    private static string Format(byte[] hash) => "sha256:" + StoreEncoding.Hex(hash);
}
