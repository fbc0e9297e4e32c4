using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Backups.Plans;
using McpConsole.Web.Features.Backups.Sources;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Backups;

/// <summary>/api/backups: list, back up now, verify, download, preview and restore, sources.</summary>
public static partial class BackupEndpoints
{
    public static IHostApplicationBuilder AddBackups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackupOptions>().Bind(builder.Configuration.GetSection(BackupOptions.Section))
            .Validate(o => Cronos.CronExpression.TryParse(o.VerifyCron, out _), "McpConsole:Backups:VerifyCron is not a valid cron expression");
        builder.Services.AddSingleton<BackupStore>();
        builder.Services.AddSingleton<BackupGate>();
        builder.Services.AddSingleton<ConsoleDatabaseCapture>();
        builder.Services.AddSingleton<PostgresTools>();
        builder.Services.AddSingleton<SourceCatalog>();
        builder.Services.AddSingleton<BackupVerifier>();
        builder.Services.AddSingleton<BackupRunner>();
        builder.Services.AddSingleton<ConsoleDatabaseRestorer>();
        builder.Services.AddSingleton<RestoreService>();
        builder.Services.AddSingleton<Recovery.RestoreJournal>();
        builder.Services.AddSingleton<Recovery.InterruptedOperations>();
        builder.Services.AddSingleton<BackupService>();
        builder.Services.AddSingleton<PlanScheduler>();
        builder.Services.AddSingleton<PlanService>();
        builder.Services.AddTransient<BackupJobs>();
        builder.Services.AddHostedService<BackupStartup>();
        return builder;
    }

    public static void MapBackupEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/backups").WithTags("Backups").RequireAuthorization(Policies.Viewer);

        MapPlans(api);

        api.MapGet("/", (BackupService backups) => backups.List()).WithSummary("Every backup, newest first, with status, size and verified-at.");

        api.MapGet("/{id}", (string id, BackupService backups) => backups.Get(id) is { } b ? Results.Ok(b) : Results.NotFound());

        api.MapPost("/", async (BackupRequest body, BackupService backups, HttpContext http, CancellationToken ct) =>
        {
            var (backup, error) = await backups.BackupNowAsync(body.Source ?? SourceRef.ConsoleDatabaseKey, http.User.ActorName(), null, ct);
            return backup is not null
                ? Results.Created($"/api/backups/{backup.Id}", backup)
                : Results.Problem(error, statusCode: error!.StartsWith("no backup source", StringComparison.Ordinal) ? 404 : 500, title: "Backup failed");
        }).RequireAuthorization(Policies.Operator).WithSummary("Backs up a source now (default: the console database) and verifies the result.");

        api.MapPost("/{id}/verify", async (string id, BackupService backups, HttpContext http, CancellationToken ct) =>
            await backups.VerifyAsync(id, http.User.ActorName(), null, ct) is { } state ? Results.Ok(state) : Results.NotFound())
            .RequireAuthorization(Policies.Operator).WithSummary("Recomputes every checksum and test-restores; a damaged backup is marked Corrupt for good.");

        api.MapGet("/{id}/download", (string id, BackupStore store) =>
            store.Find(id) is { ArchiveSize: not null } b
                ? Results.File(store.ArchivePath(b.Id), "application/x-tar", b.Id + ".tar", enableRangeProcessing: true)
                : Results.NotFound())
            .RequireAuthorization(Policies.Operator).WithSummary("The archive (tar; its manifest is the last entry).");

        api.MapGet("/{id}/preview", async (string id, BackupService backups, CancellationToken ct) =>
            await backups.PreviewAsync(id, ct) is { } p ? Results.Ok(p) : Results.NotFound())
            .RequireAuthorization(Policies.Operator).WithSummary("What a restore would change: files replaced, created, unchanged, and the backup's age.");

        api.MapPost("/{id}/restore", async (string id, RestoreRequest body, BackupService backups, HttpContext http, CancellationToken ct) =>
        {
            if (backups.Get(id) is not { } backup)
                return Results.NotFound();
            if (!http.User.MayRestore(backup))
                return Results.Problem($"restoring this backup takes the {BackupPermissions.RequiredToRestore(backup)} role", statusCode: 403, title: "Forbidden");
            var outcome = await backups.RestoreAsync(id, body.Confirm, http.User.ActorName(), null, ct);
            return outcome.Succeeded ? Results.Ok(outcome) : Results.Problem(outcome.Error, statusCode: 409, title: "Restore refused; nothing was changed");
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("Restores after verification and a safety backup; body {\"confirm\": \"<backup id>\"}. The console database takes an Admin.");

        api.MapDelete("/{id}", async (string id, BackupService backups, HttpContext http, CancellationToken ct) =>
        {
            if (backups.Get(id) is not { } backup)
                return Results.NotFound();
            if (!http.User.MayDelete(backup))
            {
                await backups.RecordRefusedDeleteAsync(id, http.User.ActorName());
                return Results.Problem($"deleting this backup takes the {BackupPermissions.RequiredToDelete(backup)} role", statusCode: 403, title: "Forbidden");
            }

            return await backups.DeleteAsync(id, http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound();
        }).RequireAuthorization(Policies.Operator).WithSummary("Deletes a backup for good. A safety backup takes an Admin.");

        api.MapGet("/sources", (SourceCatalog sources, CancellationToken ct) => sources.ListAsync(ct));

        api.MapPost("/sources", async (SourceInput body, SourceCatalog sources, HttpContext http, CancellationToken ct) =>
        {
            var (source, error) = await sources.AddAsync(body, http.User.ActorName(), ct);
            return source is not null ? Results.Created($"/api/backups/sources/{source.Key}", source) : Results.Problem(error, statusCode: 400, title: "Source refused");
        }).RequireAuthorization(Policies.Admin).WithSummary("Registers a file/folder or PostgreSQL source (Admin: it reads and, on restore, writes on this host).");

        api.MapDelete("/sources/{key}", async (string key, SourceCatalog sources, HttpContext http, CancellationToken ct) =>
            await sources.DeleteAsync(key, http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound())
            .RequireAuthorization(Policies.Admin);
    }
}

public sealed record BackupRequest(string? Source);

public sealed record RestoreRequest(string? Confirm);

/// <summary>
/// At start: finishes or reports what a killed console left (a restore, partial backups; see
/// <see cref="Recovery.InterruptedOperations"/>), then makes the plans' recurring jobs match the plans table
/// beside the web server's start (about 100 ms that /ready does not wait for; the jobs from the last run are in place);
/// again after the console database is restored (the restored plans table may differ).
/// </summary>
internal sealed class BackupStartup(Recovery.InterruptedOperations interrupted, PlanService plans, PlanScheduler scheduler, ConsoleDatabaseRestorer restorer,
    ILogger<BackupStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await interrupted.CleanUpAsync(cancellationToken);
        restorer.Restored += ct => scheduler.SyncAllAsync(plans.ListAsync, ct);
        _ = Task.Run(SyncQuietlyAsync, CancellationToken.None);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SyncQuietlyAsync()
    {
        try
        {
            await scheduler.SyncAllAsync(plans.ListAsync, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Backup plan schedules were not brought in line with the plans table at start");
        }
    }
}
