using McpConsole.Web.Features.Backups.Archives;
using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Data.Sqlite;

namespace McpConsole.Web.Features.Backups.Sources;

/// <summary>
/// A consistent copy of the console's own SQLite database while the console runs: SQLite's online backup API
/// copies a snapshot (a read transaction) into a staging file; writers carry on meanwhile (WAL).
/// </summary>
public sealed class ConsoleDatabaseCapture(DataDirectory dataDirectory)
{
    public const string EntryName = "console.db";

    public string LivePath => dataDirectory.File(StorageSetup.DatabaseFileName);

    internal async Task CaptureAsync(ArchiveWriter writer, string stagingDirectory, Action<BackupProgress> progress, CancellationToken ct)
    {
        var staged = Path.Combine(stagingDirectory, EntryName);
        progress(new BackupProgress("Copying the console database (SQLite online backup)", 0, new FileInfo(LivePath).Length));
        await Task.Run(() => Snapshot(LivePath, staged), ct);
        var total = new FileInfo(staged).Length;
        await writer.AddFileAsync(EntryName, staged, new InlineProgress<long>(n => progress(new BackupProgress("Writing the archive", n, total))), ct);
    }

    /// <summary>Copies <paramref name="source"/> into a new file with the online backup API.</summary>
    internal static void Snapshot(string source, string destination)
    {
        using var from = Open(source, SqliteOpenMode.ReadOnly);
        using (var to = Open(destination, SqliteOpenMode.ReadWriteCreate))
        {
            from.BackupDatabase(to);
            using var command = to.CreateCommand();
            // A standalone file: no -wal/-shm beside it, so the archive holds one self-contained file.
            command.CommandText = "PRAGMA journal_mode=DELETE;";
            command.ExecuteNonQuery();
        }
    }

    internal static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=10000;";
        command.ExecuteNonQuery();
        return connection;
    }

    public static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>PRAGMA integrity_check on a copy; null when the database is sound, otherwise what SQLite reported.</summary>
    public static string? IntegrityProblem(string path)
    {
        try
        {
            using var connection = Open(path, SqliteOpenMode.ReadOnly);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
                lines.Add(reader.GetString(0));
            return lines is ["ok"] ? null : "SQLite integrity check: " + string.Join("; ", lines.Take(5));
        }
        catch (SqliteException ex)
        {
            return $"SQLite cannot open the restored copy: {ex.Message}";
        }
    }
}
