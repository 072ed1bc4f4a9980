using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// A statement prepared once on an open connection and stepped through SQLite's own API, without
/// the ADO.NET layer's per-value boxing, type inference and string decoding: the import binds
/// UTF-16 text and integers directly, and the whole-store scan reads integers and UTF-8 bytes in
/// place. It takes part in whatever transaction the connection is in.
/// </summary>
/// <remarks>Not thread-safe: one user at a time, like the connection. Dispose it before the connection.</remarks>
internal sealed class SqliteStatement : IDisposable
{
    private const int Row = 100; // SQLITE_ROW
    private const int Done = 101; // SQLITE_DONE
    private readonly sqlite3 _db;
    private sqlite3_stmt? _stmt;
#if NET
    private readonly IntPtr _dbDirect; // the connection for NativeMethods
    private IntPtr _direct; // the statement for NativeMethods; zero when they are not available or after disposal
#endif

    public SqliteStatement(SqliteConnection connection, string sql)
        : this(connection.Handle ?? throw new InvalidOperationException("The connection is not open."), sql)
    {
    }

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        int rc = raw.sqlite3_prepare_v2(_db, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        _stmt = stmt;
#if NET
        if (NativeMethods.Available)
        {
            _direct = stmt?.DangerousGetHandle() ?? IntPtr.Zero;
            _dbDirect = db.DangerousGetHandle();
        }
#endif
    }

    private sqlite3_stmt Stmt => _stmt ?? throw new ObjectDisposedException(nameof(SqliteStatement));

    /// <summary>Binds text (1-based index); null binds NULL.</summary>
    /// <remarks>The empty text goes through the zero-terminated overload: an empty span has no address, which SQLite would take for NULL.</remarks>
    public void Bind(int index, string? value)
    {
#if NET
        if (_direct != IntPtr.Zero && value is { Length: > 0 })
        {
            unsafe
            {
                fixed (char* p = value)
                {
                    Check(NativeMethods.BindText16(_direct, index, p, checked(value.Length * 2), new IntPtr(-1)));
                }
            }

            return;
        }
#endif
        Check(
            value is null ? raw.sqlite3_bind_null(Stmt, index)
            : value.Length == 0 ? raw.sqlite3_bind_text(Stmt, index, string.Empty)
            : raw.sqlite3_bind_text16(Stmt, index, value.AsSpan()));
    }

    /// <summary>Binds an integer (1-based index).</summary>
    public void Bind(int index, long value)
    {
#if NET
        if (_direct != IntPtr.Zero)
        {
            Check(NativeMethods.BindInt64(_direct, index, value));
            return;
        }
#endif
        Check(raw.sqlite3_bind_int64(Stmt, index, value));
    }

    /// <summary>Binds a zero-length BLOB (1-based index): in SQLite's order of values, it comes after every text.</summary>
    public void BindEmptyBlob(int index) => Check(raw.sqlite3_bind_zeroblob(Stmt, index, 0));

    /// <summary>Resets the statement so that it runs again from its first row (its bindings stay).</summary>
    public void Reset()
    {
#if NET
        if (_direct != IntPtr.Zero)
        {
            NativeMethods.Reset(_direct);
            return;
        }
#endif
        raw.sqlite3_reset(Stmt);
    }

    /// <summary>Runs a statement that returns no rows and resets it.</summary>
    /// <returns>The rows it changed.</returns>
    public int Execute()
    {
#if NET
        if (_direct != IntPtr.Zero)
        {
            try
            {
                int step = NativeMethods.Step(_direct);
                if (step != Done && step != Row) SqliteException.ThrowExceptionForRC(step, _db);
                return NativeMethods.Changes(_dbDirect);
            }
            finally
            {
                NativeMethods.Reset(_direct);
            }
        }
#endif
        try
        {
            int rc = raw.sqlite3_step(Stmt);
            if (rc != Done && rc != Row) SqliteException.ThrowExceptionForRC(rc, _db);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(Stmt);
        }
    }

    /// <summary>Steps to the next row.</summary>
    /// <returns>False at the end.</returns>
    public bool Step()
    {
#if NET
        int rc = _direct != IntPtr.Zero ? NativeMethods.Step(_direct) : raw.sqlite3_step(Stmt);
#else
        int rc = raw.sqlite3_step(Stmt);
#endif
        if (rc == Row) return true;
        if (rc == Done) return false;
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    /// <summary>The integer in the current row's column (0-based).</summary>
    public long Int64(int column)
    {
#if NET
        if (_direct != IntPtr.Zero) return NativeMethods.ColumnInt64(_direct, column);
#endif
        return raw.sqlite3_column_int64(Stmt, column);
    }

    /// <summary>Whether the current row's column (0-based) is NULL.</summary>
    public bool IsNull(int column)
    {
#if NET
        if (_direct != IntPtr.Zero) return NativeMethods.ColumnType(_direct, column) == raw.SQLITE_NULL;
#endif
        return raw.sqlite3_column_type(Stmt, column) == raw.SQLITE_NULL;
    }

    /// <summary>The UTF-8 bytes of the current row's text column (0-based), valid until the next step.</summary>
    public ReadOnlySpan<byte> Utf8(int column)
    {
#if NET
        if (_direct != IntPtr.Zero)
        {
            unsafe
            {
                // The pointer stays valid until the next step (no type conversion: text read as bytes).
                byte* p = NativeMethods.ColumnBlob(_direct, column);
                return p is null ? default : new ReadOnlySpan<byte>(p, NativeMethods.ColumnBytes(_direct, column));
            }
        }
#endif
        return raw.sqlite3_column_blob(Stmt, column);
    }

    public void Dispose()
    {
#if NET
        _direct = IntPtr.Zero;
#endif
        var stmt = _stmt;
        _stmt = null;
        stmt?.Dispose();
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }
}

/// <summary>
/// A connection of its own for one long read (the whole-store scan), opened through SQLite's API
/// with <c>SQLITE_OPEN_NOMUTEX</c>: it is used by one task at a time, so SQLite need not lock its
/// mutex around every column read, which the pooled ADO.NET connections (serialized mode) do.
/// </summary>
/// <remarks>Not thread-safe. Disposing it rolls back an open transaction and closes the file.</remarks>
internal sealed class SqliteScanConnection : IDisposable
{
    private const int OpenNoMutex = 0x00008000; // SQLITE_OPEN_NOMUTEX

    public SqliteScanConnection(string path, int busyTimeoutMs)
    {
        int rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READWRITE | OpenNoMutex, null);
        if (rc != raw.SQLITE_OK)
        {
            string message = db is null ? "unable to open database file" : raw.sqlite3_errmsg(db).utf8_to_string();
            db?.Dispose();
            throw new SqliteException($"SQLite Error {rc}: '{message}'.", rc);
        }

        Handle = db;
        raw.sqlite3_busy_timeout(db, busyTimeoutMs);
    }

    public sqlite3 Handle { get; }

    public void Execute(string sql)
    {
        int rc = raw.sqlite3_exec(Handle, sql);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, Handle);
    }

    /// <summary>Runs <paramref name="sql"/>; false when it fails with the result code <paramref name="tolerated"/>, an exception for any other failure.</summary>
    public bool TryExecute(string sql, int tolerated)
    {
        int rc = raw.sqlite3_exec(Handle, sql);
        if (rc == raw.SQLITE_OK) return true;
        if (rc == tolerated) return false;
        SqliteException.ThrowExceptionForRC(rc, Handle);
        return false;
    }

    public void Dispose() => Handle.Dispose();
}
