using System.Collections.Immutable;
using System.Data.Common;

namespace ShangdingScore.Stores.Service;

/// <summary>Local sign-in accounts and the key ring: tables <c>service_accounts</c> and <c>service_key_ring</c>.</summary>
internal sealed partial class ServiceStateTables
{
    private const string AccountColumns = "id, user_name, normalized_user_name, password_hash, security_stamp, concurrency_stamp, role, subject, venue_id, access_failed_count, lockout_enabled, lockout_end, lockout_end_ns, created_at, created_at_ns";
    private const string KeyColumns = "purpose, name, material, created_at, created_at_ns";

    async Task<bool> IAccountStore.CreateAsync(Account account, CancellationToken cancellationToken)
    {
        ServiceStateValidation.Account(account);
        CheckStorable(account);
        return await WriteAsync(
            $"""
            INSERT INTO {_accounts} ({AccountColumns})
            VALUES (@id, @un, @nn, @ph, @ss, @cs, @ro, @s, @v, @af, @le, @lu, @lu_ns, @c, @c_ns)
            ON CONFLICT DO NOTHING
            """,
            command => BindAccount(command, account),
            cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// One <c>UPDATE … WHERE id = @id AND concurrency_stamp = @expected</c>: of two updates read at one stamp the
    /// database applies one, and the other finds the stamp moved. A new name that another account holds (or
    /// takes meanwhile) is refused by the unique key on <c>normalized_user_name</c>.
    /// </remarks>
    async Task<bool> IAccountStore.UpdateAsync(Account account, string expectedConcurrencyStamp, CancellationToken cancellationToken)
    {
        ServiceStateValidation.AccountUpdate(account, expectedConcurrencyStamp);
        CheckStorable(account);
        if (!_database.Storable(expectedConcurrencyStamp)) return false;
        return await WriteAsync(
            $"""
            UPDATE {_accounts} SET user_name = @un, normalized_user_name = @nn, password_hash = @ph, security_stamp = @ss,
                concurrency_stamp = @cs, role = @ro, subject = @s, venue_id = @v, access_failed_count = @af, lockout_enabled = @le,
                lockout_end = @lu, lockout_end_ns = @lu_ns, created_at = @c, created_at_ns = @c_ns
            WHERE id = @id AND concurrency_stamp = @expected
            """,
            command =>
            {
                BindAccount(command, account);
                Add(command, "expected", expectedConcurrencyStamp);
            },
            cancellationToken).ConfigureAwait(false);
    }

    async Task<bool> IAccountStore.DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (id is null) throw new ArgumentNullException(nameof(id));
        if (!_database.Storable(id)) return false;
        return await WriteAsync($"DELETE FROM {_accounts} WHERE id = @id", command => Add(command, "id", id), cancellationToken).ConfigureAwait(false);
    }

    async Task<Account?> IAccountStore.FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        if (id is null) throw new ArgumentNullException(nameof(id));
        if (!_database.Storable(id)) return null;
        var found = await ReadAsync($"SELECT {AccountColumns} FROM {_accounts} WHERE id = @id", command => Add(command, "id", id), ReadAccount, cancellationToken).ConfigureAwait(false);
        return found.IsEmpty ? null : found[0];
    }

    async Task<Account?> IAccountStore.FindByNormalizedNameAsync(string normalizedUserName, CancellationToken cancellationToken)
    {
        if (normalizedUserName is null) throw new ArgumentNullException(nameof(normalizedUserName));
        if (!_database.Storable(normalizedUserName)) return null;
        var found = await ReadAsync($"SELECT {AccountColumns} FROM {_accounts} WHERE normalized_user_name = @nn", command => Add(command, "nn", normalizedUserName), ReadAccount, cancellationToken).ConfigureAwait(false);
        return found.IsEmpty ? null : found[0];
    }

    async Task<bool> IKeyRingStore.AddAsync(KeyRingEntry entry, CancellationToken cancellationToken)
    {
        ServiceStateValidation.KeyRingEntry(entry);
        CheckStorable(nameof(entry), $"key-ring entry '{entry.Purpose}/{entry.Name}'", entry.Purpose, entry.Name, entry.Material);
        return await WriteAsync(
            $"INSERT INTO {_keys} ({KeyColumns}) VALUES (@p, @n, @m, @c, @c_ns) ON CONFLICT DO NOTHING",
            command =>
            {
                Add(command, "p", entry.Purpose);
                Add(command, "n", entry.Name);
                Add(command, "m", entry.Material);
                Add(command, "c", entry.CreatedAt);
            },
            cancellationToken).ConfigureAwait(false);
    }

    async Task<ImmutableArray<KeyRingEntry>> IKeyRingStore.ListAsync(string purpose, CancellationToken cancellationToken)
    {
        if (purpose is null) throw new ArgumentNullException(nameof(purpose));
        if (!_database.Storable(purpose)) return ImmutableArray<KeyRingEntry>.Empty;
        var entries = await ReadAsync(
            $"SELECT {KeyColumns} FROM {_keys} WHERE purpose = @p ORDER BY created_at, created_at_ns, name",
            command => Add(command, "p", purpose),
            static reader => new KeyRingEntry
            {
                Purpose = reader.GetString(0),
                Name = reader.GetString(1),
                Material = reader.GetString(2),
                CreatedAt = Instant(reader, 3),
            },
            cancellationToken).ConfigureAwait(false);
        return entries.Sort(static (a, b) =>
        {
            int c = a.CreatedAt.CompareTo(b.CreatedAt);
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        });
    }

    private void CheckStorable(Account account) =>
        CheckStorable(
            nameof(account),
            $"account '{account.Id}'",
            account.Id,
            account.UserName,
            account.NormalizedUserName,
            account.PasswordHash,
            account.SecurityStamp,
            account.ConcurrencyStamp,
            account.Role,
            account.Subject?.Value,
            account.VenueId);

    private static void BindAccount(DbCommand command, Account account)
    {
        Add(command, "id", account.Id);
        Add(command, "un", account.UserName);
        Add(command, "nn", account.NormalizedUserName);
        Add(command, "ph", account.PasswordHash);
        Add(command, "ss", account.SecurityStamp);
        Add(command, "cs", account.ConcurrencyStamp);
        Add(command, "ro", account.Role);
        Add(command, "s", account.Subject?.Value);
        Add(command, "v", account.VenueId);
        Add(command, "af", (object)account.AccessFailedCount);
        Add(command, "le", (object)account.LockoutEnabled);
        Add(command, "lu", account.LockoutEnd);
        Add(command, "c", account.CreatedAt);
    }

    private static Account ReadAccount(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        UserName = reader.GetString(1),
        NormalizedUserName = reader.GetString(2),
        PasswordHash = reader.IsDBNull(3) ? null : reader.GetString(3),
        SecurityStamp = reader.GetString(4),
        ConcurrencyStamp = reader.GetString(5),
        Role = reader.GetString(6),
        Subject = reader.IsDBNull(7) ? null : new SubjectId(reader.GetString(7)),
        VenueId = reader.IsDBNull(8) ? null : reader.GetString(8),
        AccessFailedCount = reader.GetInt32(9),
        LockoutEnabled = reader.GetBoolean(10),
        LockoutEnd = NullableInstant(reader, 11),
        CreatedAt = Instant(reader, 13),
    };
}
