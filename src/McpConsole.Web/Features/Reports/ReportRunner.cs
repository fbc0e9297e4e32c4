using Hangfire;
using Hangfire.Server;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Reports;

/// <summary>
/// Builds, renders and mails one report run (a Hangfire job). A failed send is recorded and thrown, so Hangfire
/// retries with back-off (up to ~1 day); every retry of one job shares one run key and a run is mailed at most once.
/// </summary>
public sealed class ReportRunner(IDbContextFactory<ConsoleDbContext> dbFactory, ReportBuilder builder, ReportRenderer renderer, DeliveryLog deliveries)
{
    [AutomaticRetry(Attempts = 12, DelaysInSeconds = [30, 60, 120, 300, 600, 900, 1800, 3600, 3600, 7200, 14400, 28800])]
    [DisableConcurrentExecution(300)]
    public async Task RunAsync(int reportId, string? runKey, PerformContext? context)
    {
        runKey ??= $"report:{reportId}:job:{context?.BackgroundJob.Id ?? Guid.NewGuid().ToString("N")}";
        var outcome = await SendAsync(reportId, runKey, CancellationToken.None);
        if (outcome is { Succeeded: false })
            throw new ReportDeliveryException($"Report {reportId} not delivered (will retry): {outcome.Answer}");
    }

    /// <summary>Sends one run unless it was already delivered; null when the report or its channel no longer exists.</summary>
    public async Task<SendResult?> SendAsync(int reportId, string runKey, CancellationToken ct)
    {
        if (await deliveries.WasDeliveredAsync(runKey, ct))
            return new SendResult(true, "already delivered");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var definition = await db.Set<ReportDefinition>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, ct);
        var channel = definition is null ? null : await db.Set<AlertChannel>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == definition.ChannelId, ct);
        if (definition is null || channel is null)
            return null;
        var message = await renderer.RenderAsync(await builder.BuildAsync(definition, ct));
        return await deliveries.SendAsync("Report", runKey, reportId, channel, ChannelRecipients.Parse(definition.Recipients), message, ct);
    }

    public async Task<OutgoingMessage?> PreviewAsync(int reportId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var definition = await db.Set<ReportDefinition>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, ct);
        return definition is null ? null : await renderer.RenderAsync(await builder.BuildAsync(definition, ct));
    }
}

public sealed class ReportDeliveryException(string message) : Exception(message);
