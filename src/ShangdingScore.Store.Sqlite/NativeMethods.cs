#if NET
using System.Runtime.InteropServices;
using SQLitePCL;

namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// Direct calls into the bundled SQLite library (<c>e_sqlite3</c>, the one SQLitePCLRaw loads) for
/// the per-row calls of the whole-store scan and the import: SQLitePCLRaw's calls take and release a SafeHandle
/// and switch GC mode on every column read, which cost as much as SQLite's own work. The column
/// readers, binders of integers and the change count neither block nor call back, so they run
/// without a GC transition.
/// </summary>
/// <remarks>
/// Used only when <see cref="Available"/>: the library answers under that name and is the very
/// library SQLitePCLRaw uses (same address of its version text); otherwise the scan goes through
/// SQLitePCLRaw.
/// </remarks>
internal static unsafe class NativeMethods
{
    private const string Library = "e_sqlite3";

    /// <summary>Whether the direct calls reach the library SQLitePCLRaw uses.</summary>
    public static bool Available { get; } = Probe();

    [DllImport(Library, EntryPoint = "sqlite3_step")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Step(IntPtr stmt);

    [DllImport(Library, EntryPoint = "sqlite3_column_int64")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern long ColumnInt64(IntPtr stmt, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_blob")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern byte* ColumnBlob(IntPtr stmt, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern int ColumnBytes(IntPtr stmt, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_type")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern int ColumnType(IntPtr stmt, int column);

    [DllImport(Library, EntryPoint = "sqlite3_reset")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Reset(IntPtr stmt);

    [DllImport(Library, EntryPoint = "sqlite3_changes")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern int Changes(IntPtr db);

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern int BindInt64(IntPtr stmt, int index, long value);

    /// <summary>Binds UTF-16 text; <paramref name="destructor"/> -1 (SQLITE_TRANSIENT) makes SQLite copy it.</summary>
    [DllImport(Library, EntryPoint = "sqlite3_bind_text16")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int BindText16(IntPtr stmt, int index, char* text, int bytes, IntPtr destructor);

    [DllImport(Library, EntryPoint = "sqlite3_libversion")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern byte* LibVersion();

    private static bool Probe()
    {
        try
        {
            fixed (byte* theirs = raw.sqlite3_libversion())
            {
                return LibVersion() == theirs;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
#endif
