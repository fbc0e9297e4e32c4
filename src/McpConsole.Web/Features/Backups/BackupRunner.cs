using System.Reflection;
using McpConsole.Core.Backups;
using McpConsole.Web.Features.Backups.Archives;
using McpConsole.Web.Features.Backups.Sources;

namespace McpConsole.Web.Features.Backups;

/// <summary>Takes one backup of one source: capture, archive, commit, then verify it straight away.</summary>
public sealed class BackupRunner(BackupStore store, BackupVerifier verifier, ConsoleDatabaseCapture consoleDb, PostgresTools postgres,
    TimeProvider clock, ILogger<BackupRunner> logger)
{
    /// <summary>Call inside <see cref="BackupGate"/>.</summary>
    public async Task<StoredBackup> RunAsync(SourceRef source, int? planId, bool isSafetyBackup, Action<BackupProgress> progress, CancellationToken ct)
    {
        var createdAt = clock.GetUtcNow();
        var id = BackupId.New(createdAt, source.Key, Random.Shared);
        var staging = store.StagingDirectory(id);
        var tools = new Dictionary<string, string>
        {
            ["mcpconsole"] = typeof(BackupRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            [".net"] = Environment.Version.ToString(),
        };
        try
        {
            await using (var writer = new ArchiveWriter(store, id))
            {
                switch (source.Kind)
                {
                    case BackupSourceKind.ConsoleDatabase:
                        tools["sqlite"] = ConsoleDatabaseCapture.SqliteVersion();
                        await consoleDb.CaptureAsync(writer, staging, progress, ct);
                        break;
                    case BackupSourceKind.Files:
                        await FileCapture.CaptureAsync(writer, source.Path!, progress, ct);
                        break;
                    case BackupSourceKind.PostgreSql:
                        tools["pg_dump"] = await postgres.VersionAsync("pg_dump", ct);
                        await postgres.DumpAsync(writer, source, staging, progress, ct);
                        break;
                }
                progress(new BackupProgress("Committing", writer.ContentBytes, writer.ContentBytes));
                await writer.CommitAsync(files => new BackupManifest
                {
                    Id = id, CreatedAt = createdAt, SourceKey = source.Key, SourceName = source.Name, SourceKind = source.Kind,
                    PlanId = planId, IsSafetyBackup = isSafetyBackup, Files = files, ToolVersions = tools,
                }, ct);
            }
        }
        finally
        {
            store.DeleteStaging(id);
        }
        logger.LogInformation("Backup {Id} of {Source} committed", id, source.Key);
        await verifier.VerifyAsync(id, progress, ct);
        return store.Find(id)!;
    }
}
