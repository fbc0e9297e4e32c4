using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpConsole.Web.Infrastructure.Storage.Postgres;

/// <summary>
/// <c>McpConsole.Web migrate-to-postgres --from &lt;data directory&gt; --to "&lt;connection string&gt;" [--force]</c>: copies a
/// stopped SQLite console into PostgreSQL (<see cref="SqliteToPostgresCopy"/>) and prints the rows per table. The
/// connection string may come from McpConsole__Database__ConnectionString instead of --to; it is never printed.
/// Exit codes: 0 copied and verified, 1 failed or counts differ, 2 usage or the console still runs.
/// </summary>
public static class MigrateToPostgresCommand
{
    public const string Name = "migrate-to-postgres";

    public static bool Requested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var from = Option(args, "--from") ?? "./data";
        var to = Option(args, "--to") ?? Environment.GetEnvironmentVariable("McpConsole__Database__ConnectionString");
        var force = args.Contains("--force");
        if (string.IsNullOrWhiteSpace(to))
        {
            await error.WriteLineAsync($"usage: {Name} --from <data directory> --to \"<PostgreSQL connection string>\" [--force]");
            return 2;
        }

        var file = Path.Combine(Path.GetFullPath(from), StorageSetup.DatabaseFileName);
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"No console database at {file}.");
            return 2;
        }

        DataDirectory directory;
        try
        {
            directory = DataDirectory.Acquire(from); // the console must be stopped: no writes while copying
        }
        catch (DataDirectoryInUseException)
        {
            await error.WriteLineAsync($"A console is running on {Path.GetFullPath(from)}: stop it first, then copy.");
            return 2;
        }

        using (directory)
        {
            try
            {
                var sqlite = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
                var tables = await new SqliteToPostgresCopy(sqlite, to).RunAsync(force);
                await output.WriteLineAsync($"{"table",-28} {"SQLite",10} {"PostgreSQL",10}");
                foreach (var t in tables)
                    await output.WriteLineAsync($"{t.Table,-28} {t.SourceRows,10} {t.TargetRows,10}{(t.SourceRows == t.TargetRows ? "" : "  MISMATCH")}");
                var ok = tables.All(t => t.SourceRows == t.TargetRows);
                await output.WriteLineAsync(ok
                    ? $"Copied {tables.Sum(t => t.SourceRows)} rows in {tables.Count} tables; every count matches."
                    : "Row counts differ: do not switch to PostgreSQL with this copy.");
                return ok ? 0 : 1;
            }
            catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException or SqliteException or FormatException or InvalidCastException)
            {
                await error.WriteLineAsync($"Copy failed: {ex.Message}");
                return 1;
            }
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
