namespace ShangdingScore.Rights;

/// <summary>
/// The argument checks every <see cref="IRightsStore"/> makes, in one place so that stores refuse
/// the same things with the same messages.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class RightsStoreValidation
{
    /// <summary>
    /// Checks an append's shape before the store looks at its tail: sequences follow
    /// <see cref="RightsAppend.ExpectedTailSequence"/> with no gap, each entry after the first links to
    /// the one before, no two messages share an id. The store then checks that the first entry links to
    /// its tail's hash with <see cref="CheckLinksToTail"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="append"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">The shape is wrong.</exception>
    public static void CheckAppend(RightsAppend append)
    {
        if (append is null) throw new ArgumentNullException(nameof(append));
        if (append.ExpectedTailSequence < 0) throw new ArgumentException("The expected tail sequence must not be negative.", nameof(append));
        var entries = append.Entries.IsDefault ? default : append.Entries;
        if (!entries.IsDefault)
        {
            for (int i = 0; i < entries.Length; i++)
            {
                var e = entries[i] ?? throw new ArgumentNullException(nameof(append), $"Entry {i} is null.");
                long expected = append.ExpectedTailSequence + i + 1;
                if (e.Sequence != expected)
                {
                    throw new ArgumentException($"Entry {i} has sequence {e.Sequence}; after tail {append.ExpectedTailSequence} it must be {expected}.", nameof(append));
                }

                if (i > 0 && !string.Equals(e.PreviousHash, entries[i - 1].Hash, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Entry #{e.Sequence} does not link to entry #{entries[i - 1].Sequence}'s hash.", nameof(append));
                }
            }
        }

        if (!append.Messages.IsDefault) CheckMessages(append.Messages, nameof(append));
    }

    /// <summary>Checks that an append's first entry links to the journal's tail (or to <see cref="RightsChain.GenesisHash"/> when it is empty).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="append"/> is null.</exception>
    /// <exception cref="ArgumentException">It does not.</exception>
    public static void CheckLinksToTail(RightsAppend append, string? tailHash)
    {
        if (append is null) throw new ArgumentNullException(nameof(append));
        if (append.Entries.IsDefaultOrEmpty) return;
        var expected = tailHash ?? RightsChain.GenesisHash;
        if (!string.Equals(append.Entries[0].PreviousHash, expected, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Entry #{append.Entries[0].Sequence} links to {append.Entries[0].PreviousHash}, but the journal's tail hash is {expected}.", nameof(append));
        }
    }

    /// <summary>Checks a batch of messages: none null, no two with one id.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">Two messages share an id.</exception>
    public static void CheckMessages(IEnumerable<OutboxMessage> messages, string parameterName = "messages")
    {
        if (messages is null) throw new ArgumentNullException(parameterName);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in messages)
        {
            if (m is null) throw new ArgumentNullException(parameterName, "A message is null.");
            if (!ids.Add(m.Id)) throw new ArgumentException($"Two messages share the id '{m.Id}'.", parameterName);
        }
    }

    /// <summary>Checks a claim.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    /// <exception cref="ArgumentException">The owner is empty, the lease is not positive, or the count is below 1.</exception>
    public static void CheckClaim(OutboxClaim claim)
    {
        if (claim is null) throw new ArgumentNullException(nameof(claim));
        if (string.IsNullOrWhiteSpace(claim.Owner)) throw new ArgumentException("The claim's owner must not be empty.", nameof(claim));
        if (claim.LeaseFor <= NodaTime.Duration.Zero) throw new ArgumentException("The claim's lease must be positive.", nameof(claim));
        if (claim.MaxCount < 1) throw new ArgumentException("The claim's MaxCount must be at least 1.", nameof(claim));
    }

    /// <summary>Checks a failure report.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> or one of its texts is null.</exception>
    public static void CheckFailure(OutboxFailure failure)
    {
        if (failure is null) throw new ArgumentNullException(nameof(failure));
        if (failure.MessageId is null || failure.Owner is null || failure.Error is null) throw new ArgumentNullException(nameof(failure), "The failure's MessageId, Owner and Error must not be null.");
    }

    /// <summary>Whether an entry matches a query's filters (except <see cref="RightsEntryQuery.Limit"/>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool Matches(RightsEntryQuery query, RightsEntry entry)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        return entry.Sequence > query.AfterSequence
            && (query.Subject is not { } s || entry.Subject == s)
            && (query.CaseId is null || string.Equals(entry.CaseId, query.CaseId, StringComparison.Ordinal))
            && (query.Kinds.IsDefaultOrEmpty || query.Kinds.Contains(entry.Kind, StringComparer.Ordinal));
    }
}
