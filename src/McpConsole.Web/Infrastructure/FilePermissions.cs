using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace McpConsole.Web.Infrastructure;

/// <summary>
/// Owner-only files (Unix): the data directory and the backups directory are 0700, and every file the console
/// writes there (database and its WAL, job storage, key file, logs, PID file, backup archives and manifests) 0600.
/// New files get it from the process umask (077), set once at start, so files created later by SQLite or the daily
/// log are covered too; files left by an earlier version are tightened at start.
/// </summary>
public static class FilePermissions
{
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const uint OwnerOnlyUmask = 0x3F; // 077 octal: no group or other bits on anything created

    /// <summary>Sets the umask once and makes <paramref name="directory"/> and what it holds owner-only.</summary>
    public static void RestrictToOwner(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        _ = umask(OwnerOnlyUmask);
        Tighten(directory);
    }

    /// <summary>
    /// The directory 0700 and its files 0600 (content from older versions), and so for the subdirectories the console
    /// writes (logs, backups). Nothing deeper: a data directory set to a shared folder must not have it all rewritten.
    /// </summary>
    public static void Tighten(string directory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory))
            return;
        TightenEntries(directory);
        foreach (var sub in new[] { "logs", "backups" }.Select(d => Path.Combine(directory, d)).Where(Directory.Exists))
            TightenEntries(sub);
    }

    [UnsupportedOSPlatform("windows")]
    private static void TightenEntries(string directory)
    {
        File.SetUnixFileMode(directory, OwnerOnlyDirectory);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (entry.LinkTarget is not null)
                continue;
            try
            {
                entry.UnixFileMode &= OwnerOnlyDirectory;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file another user owns (or gone meanwhile): left as it is.
            }
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint umask(uint mask);
}
