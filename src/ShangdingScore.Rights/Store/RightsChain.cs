using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Rights;

/// <summary>
/// The hash chain of the rights journal (docs/rights.md, "Audit chain"): each entry's
/// <see cref="RightsEntry.Hash"/> is the SHA-256 of its canonical form, which includes the previous
/// entry's hash, so changing, removing or reordering an entry breaks the chain at that entry or the
/// next. <see cref="Verify(IEnumerable{RightsEntry}, RightsChainTail?)"/> finds the first break.
/// </summary>
/// <remarks>
/// <para>
/// <b>Canonical form</b> (version <c>sdr1</c>): the UTF-8 bytes of the line <c>sdr1\n</c> followed by
/// ten fields in this order: sequence (invariant decimal), instant (ISO 8601 UTC with up to nine
/// fraction digits and no trailing zeros, <c>2026-06-01T02:00:00.5Z</c>), subject, kind, case id, actor
/// id, actor role, payload, previous hash. Each field is written <c>S</c> + its UTF-8 byte length in
/// decimal + <c>:</c> + its UTF-8 bytes + <c>\n</c>, or <c>N\n</c> for an absent case id. The length
/// prefix makes the form unambiguous whatever the texts hold. Text that is not well-formed Unicode
/// is encoded as UTF-8 encoders do (U+FFFD).
/// </para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class RightsChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The canonical form's version tag, written first.</summary>
    public const string FormVersion = "sdr1";

    private static readonly InstantPattern InstantText = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFF'Z'");

    /// <summary>Whether <paramref name="value"/> is 64 lower-case hex digits.</summary>
    public static bool IsHash(string? value)
    {
        if (value is null || value.Length != 64) return false;
        foreach (char c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        }

        return true;
    }

    /// <summary>The instant as the canonical form writes it (also the audit export's form).</summary>
    public static string FormatInstant(Instant at) => InstantText.Format(at);

    /// <summary>Parses <see cref="FormatInstant"/>'s text; null when it is not in that form.</summary>
    internal static Instant? ParseInstant(string text)
    {
        var parsed = InstantText.Parse(text);
        return parsed.Success ? parsed.Value : null;
    }

    /// <summary>The canonical form of <paramref name="entry"/> (its own <see cref="RightsEntry.Hash"/> is not part of it).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    public static byte[] CanonicalForm(RightsEntry entry)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        var text = new StringBuilder();
        text.Append(FormVersion).Append('\n');
        Field(text, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(text, FormatInstant(entry.At));
        Field(text, entry.Subject.Value);
        Field(text, entry.Kind);
        Field(text, entry.CaseId);
        Field(text, entry.ActorId);
        Field(text, entry.ActorRole);
        Field(text, entry.Payload);
        Field(text, entry.PreviousHash);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The SHA-256 of <see cref="CanonicalForm"/>, 64 lower-case hex digits.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    public static string ComputeHash(RightsEntry entry)
    {
        using var sha = SHA256.Create();
        return Hex(sha.ComputeHash(CanonicalForm(entry)));
    }

    /// <summary>
    /// Checks a journal read in sequence order from its first entry: sequences 1, 2, 3, … with no gap or
    /// repeat, each hash equal to the hash of the entry's canonical form, each previous hash equal to the
    /// hash before it, instants never going back; and, when <paramref name="anchor"/> is given (a tail an
    /// auditor kept from an earlier export), that the journal still holds that entry with that hash, so
    /// entries removed from the end, or a chain rewritten from some entry on, are detected too.
    /// </summary>
    /// <param name="entries">The entries, in the order read.</param>
    /// <param name="anchor">A tail known from before, or null.</param>
    /// <returns>Intact, or the first problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or an element is null.</exception>
    public static RightsChainVerification Verify(IEnumerable<RightsEntry> entries, RightsChainTail? anchor = null)
    {
        if (entries is null) throw new ArgumentNullException(nameof(entries));
        var verifier = new RightsChainVerifier(anchor);
        foreach (var entry in entries)
        {
            if (!verifier.Add(entry)) break;
        }

        return verifier.Finish();
    }

    internal static string Hex(byte[] bytes)
    {
        const string Digits = "0123456789abcdef";
        var chars = new char[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Digits[bytes[i] >> 4];
            chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
        }

        return new string(chars);
    }

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("N\n");
            return;
        }

        text.Append('S').Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }
}
