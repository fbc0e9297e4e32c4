namespace McpConsole.Web.Infrastructure;

/// <summary>
/// The resolved data directory, held exclusively by this process. SQLite mode is single-instance:
/// Hangfire on one SQLite file from two processes was measured to run jobs twice, so a second console
/// on the same directory must refuse to start instead of corrupting schedules. In PostgreSQL mode the directory holds
/// only this instance's logs and stdio PID file and is not locked (<see cref="OpenUnlocked"/>). Owner-only either way
/// (<see cref="FilePermissions"/>).
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private const string LockFileName = "console.lock";
    private readonly FileStream? _lock;

    private DataDirectory(string path, FileStream? @lock)
    {
        Path = path;
        _lock = @lock;
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The directory without the single-instance lock (PostgreSQL mode: shared state lives in the database).</summary>
    public static DataDirectory OpenUnlocked(string configuredPath)
    {
        var path = System.IO.Path.GetFullPath(configuredPath);
        Directory.CreateDirectory(path);
        FilePermissions.RestrictToOwner(path);
        return new DataDirectory(path, null);
    }

    public static DataDirectory Acquire(string configuredPath)
    {
        var path = System.IO.Path.GetFullPath(configuredPath);
        Directory.CreateDirectory(path);
        FilePermissions.RestrictToOwner(path);
        var lockPath = System.IO.Path.Combine(path, LockFileName);
        try
        {
            var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            stream.Write(pid);
            stream.Flush();
            return new DataDirectory(path, stream);
        }
        catch (IOException ex)
        {
            throw new DataDirectoryInUseException(path, ex);
        }
    }

    public void Dispose() => _lock?.Dispose();
}

public sealed class DataDirectoryInUseException(string path, Exception inner) : Exception(
    $"Another McpConsole process is already using the data directory '{path}'. " +
    "With SQLite storage only one console may run per data directory (two would run scheduled jobs twice). " +
    "Stop the other process, point McpConsole__DataDirectory elsewhere, or run several instances on PostgreSQL.",
    inner);
