using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ShangdingScore.Rights;

/// <summary>
/// The audit trail of the rights workflows (docs/rights.md, "Audit"): verifies the journal's hash chain in the
/// store, and exports it as JSON Lines — the whole chain for an auditor, one citizen's entries for the citizen —
/// in a form that reads back entry for entry, so the export itself can be verified elsewhere.
/// </summary>
/// <remarks>
/// <para>
/// Export format, one entry a line, UTF-8, LF: <c>{"sequence":1,"at":"2026-06-01T02:00:00Z","subject":"…",
/// "kind":"enrolled","caseId":"enrolment-1","actorId":"…","actorRole":"citizen","payload":"{…}",
/// "previousHash":"…","hash":"…"}</c>. The payload is the exact stored text, as a JSON string, so hashes
/// recompute; <c>caseId</c> is omitted when there is none.
/// </para>
/// <para>Thread-safe when the store is.</para>
/// </remarks>
public sealed class RightsAudit
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IRightsStore _store;

    /// <summary>Creates the audit view of a store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public RightsAudit(IRightsStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>
    /// Verifies the whole journal in the store, reading it once in sequence order (constant memory): reports the
    /// first changed, removed or reordered entry, and, with an <paramref name="anchor"/> kept from an earlier
    /// verification, entries removed from the end or a chain rewritten up to it.
    /// </summary>
    public async Task<RightsChainVerification> VerifyAsync(RightsChainTail? anchor = null, CancellationToken cancellationToken = default)
    {
        var verifier = new RightsChainVerifier(anchor);
        await foreach (var e in _store.ReadEntriesAsync(RightsEntryQuery.All, cancellationToken).ConfigureAwait(false))
        {
            if (!verifier.Add(e)) break;
        }

        return verifier.Finish();
    }

    /// <summary>
    /// Writes the journal as JSON Lines: every entry (for an auditor, <paramref name="subject"/> null) or one
    /// citizen's entries (for the citizen: their steps and refusals, each with its hash, which
    /// <see cref="CheckEntryHashes"/> recomputes; links to other citizens' entries between them are not shown).
    /// </summary>
    /// <returns>How many entries were written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Output"/> is null.</exception>
    public async Task<long> ExportAsync(Stream utf8Output, SubjectId? subject = null, CancellationToken cancellationToken = default)
    {
        if (utf8Output is null) throw new ArgumentNullException(nameof(utf8Output));
        long written = 0;
        await foreach (var e in _store.ReadEntriesAsync(new RightsEntryQuery { Subject = subject }, cancellationToken).ConfigureAwait(false))
        {
            var line = Encoding.UTF8.GetBytes(ToJsonLine(e) + "\n");
            await utf8Output.WriteAsync(line, 0, line.Length, cancellationToken).ConfigureAwait(false);
            written++;
        }

        await utf8Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>One entry as an export line (without the line feed).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    public static string ToJsonLine(RightsEntry entry)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("sequence", entry.Sequence);
            w.WriteString("at", RightsChain.FormatInstant(entry.At));
            w.WriteString("subject", entry.Subject.Value);
            w.WriteString("kind", entry.Kind);
            if (entry.CaseId is not null) w.WriteString("caseId", entry.CaseId);
            w.WriteString("actorId", entry.ActorId);
            w.WriteString("actorRole", entry.ActorRole);
            w.WriteString("payload", entry.Payload);
            w.WriteString("previousHash", entry.PreviousHash);
            w.WriteString("hash", entry.Hash);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads an export back, entry for entry (blank lines and a trailing line feed are fine).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="jsonLines"/> is null.</exception>
    /// <exception cref="FormatException">A line is not an export entry; the message names the line number and the field.</exception>
    public static ImmutableArray<RightsEntry> ReadExport(string jsonLines)
    {
        if (jsonLines is null) throw new ArgumentNullException(nameof(jsonLines));
        var entries = ImmutableArray.CreateBuilder<RightsEntry>();
        var lines = jsonLines.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            entries.Add(ReadLine(line, i + 1));
        }

        return entries.ToImmutable();
    }

    /// <summary>
    /// Recomputes each entry's hash on its own (a citizen's export, whose entries are not contiguous): the first
    /// entry whose content does not match its hash, or null when all match.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or an element is null.</exception>
    public static RightsChainProblem? CheckEntryHashes(IEnumerable<RightsEntry> entries)
    {
        if (entries is null) throw new ArgumentNullException(nameof(entries));
        foreach (var e in entries)
        {
            if (e is null) throw new ArgumentNullException(nameof(entries), "An entry is null.");
            var computed = RightsChain.ComputeHash(e);
            if (!string.Equals(computed, e.Hash, StringComparison.Ordinal))
            {
                return new RightsChainProblem(RightsChainProblemCodes.HashMismatch, e.Sequence, $"entry #{e.Sequence} stores hash {e.Hash}, its content hashes to {computed}");
            }
        }

        return null;
    }

    private static RightsEntry ReadLine(string line, int number)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            string Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"line {number}: '{name}' is missing or not a string");
            if (!root.TryGetProperty("sequence", out var seq) || !seq.TryGetInt64(out var sequence)) throw new FormatException($"line {number}: 'sequence' is missing or not an integer");
            var at = RightsChain.ParseInstant(Text("at")) ?? throw new FormatException($"line {number}: 'at' is not an instant like 2026-06-01T02:00:00Z");
            string? caseId = root.TryGetProperty("caseId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            return new RightsEntry(sequence, at, new SubjectId(Text("subject")), Text("kind"), caseId, Text("actorId"), Text("actorRole"), Text("payload"), Text("previousHash"), Text("hash"));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"line {number}: not JSON: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"line {number}: {ex.Message}", ex);
        }
    }
}
