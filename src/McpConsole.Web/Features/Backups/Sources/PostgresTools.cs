using System.Diagnostics;
using McpConsole.Core.Text;
using McpConsole.Web.Features.Backups.Archives;
using McpConsole.Web.Infrastructure.ChildProcesses;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Backups.Sources;

/// <summary>
/// The real pg_dump / pg_restore / psql. Dumps are custom-format (compressed, restorable table by table).
/// Connection details go through libpq environment variables, never the command line.
/// </summary>
public sealed class PostgresTools(IOptions<BackupOptions> options, ILogger<PostgresTools> logger)
{
    public const string DumpEntryName = "database.pgdump";

    private string Tool(string name) =>
        string.IsNullOrWhiteSpace(options.Value.PostgresBinDirectory) ? name : Path.Combine(options.Value.PostgresBinDirectory, name);

    public async Task<string> VersionAsync(string tool, CancellationToken ct)
    {
        var (exit, output, _) = await RunAsync(tool, ["--version"], new Dictionary<string, string>(), ct);
        return exit == 0 ? output.Trim() : "unknown";
    }

    internal async Task DumpAsync(ArchiveWriter writer, SourceRef source, string staging, Action<BackupProgress> progress, CancellationToken ct)
    {
        var connection = PostgresConnection.Parse(source.ConnectionString!);
        var dump = Path.Combine(staging, DumpEntryName);
        progress(new BackupProgress($"pg_dump {connection.Database}", 0, null));
        var (exit, _, error) = await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--file", dump], connection.Environment(), ct);
        if (exit != 0)
            throw new BackupSourceException($"pg_dump of '{connection.Database}' failed (exit {exit}): {Tail(error)}");
        var total = new FileInfo(dump).Length;
        await writer.AddFileAsync(DumpEntryName, dump, new InlineProgress<long>(n => progress(new BackupProgress("Writing the archive", n, total))), ct);
    }

    /// <summary>pg_restore of the dump into a temporary database on the source's server; null when it restores cleanly.</summary>
    internal async Task<string?> TestRestoreProblemAsync(SourceRef? source, string dump, CancellationToken ct) =>
        await WithTemporaryDatabaseAsync(source, async (connection, scratchDb) =>
        {
            var (exit, _, error) = await RunAsync("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", scratchDb, dump], connection.Environment(scratchDb), ct);
            return exit == 0 ? null : $"pg_restore into a temporary database failed (exit {exit}): {Tail(error)}";
        }, ct);

    /// <summary>Restores a verified dump over the source database (objects in the dump are dropped and recreated, in one transaction).</summary>
    internal async Task RestoreAsync(SourceRef source, string dump, CancellationToken ct)
    {
        var connection = PostgresConnection.Parse(source.ConnectionString!);
        var (exit, _, error) = await RunAsync("pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname", connection.Database, dump], connection.Environment(), ct);
        if (exit != 0)
            throw new BackupSourceException($"pg_restore into '{connection.Database}' failed (exit {exit}); the single transaction was rolled back: {Tail(error)}");
    }

    private async Task<string?> WithTemporaryDatabaseAsync(SourceRef? source, Func<PostgresConnection, string, Task<string?>> action, CancellationToken ct)
    {
        if (source?.ConnectionString is null)
            return "the PostgreSQL source of this backup is no longer registered: no server to test-restore into";
        var connection = PostgresConnection.Parse(source.ConnectionString);
        var scratchDb = $"mcpconsole_verify_{Guid.NewGuid():N}"[..40];
        var env = connection.Environment("postgres");
        var (exit, _, error) = await RunAsync("psql", ["-v", "ON_ERROR_STOP=1", "-c", $"CREATE DATABASE \"{scratchDb}\""], env, ct);
        if (exit != 0)
            return $"cannot create a temporary database for the test restore: {Tail(error)}";
        try
        {
            return await action(connection, scratchDb);
        }
        finally
        {
            var (dropExit, _, dropError) = await RunAsync("psql", ["-c", $"DROP DATABASE IF EXISTS \"{scratchDb}\" WITH (FORCE)"], env, CancellationToken.None);
            if (dropExit != 0)
                logger.LogWarning("Could not drop the temporary database {Database}: {Error}", scratchDb, Tail(dropError));
        }
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string tool, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Tool(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        ChildEnvironment.ApplyTo(start, ChildEnvironment.Build(env));
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BackupSourceException($"{tool} could not be started");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BackupSourceException($"{tool} is not installed or not on PATH ({ex.Message}); install PostgreSQL client tools or set McpConsole__Backups__PostgresBinDirectory");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return (process.ExitCode, await output, await error);
        }
    }

    private static string Tail(string text)
    {
        return SafeText.Tail(text.Trim(), 601);
    }
}

/// <summary>A source could not be captured or restored (missing tool, refused connection, failed dump); the message says why.</summary>
public sealed class BackupSourceException(string message) : Exception(message);
