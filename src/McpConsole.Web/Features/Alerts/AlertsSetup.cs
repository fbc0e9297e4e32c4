using Hangfire;
using McpConsole.Web.Features.Reports;
using McpConsole.Web.Infrastructure.Jobs;
using McpConsole.Web.Infrastructure.Outbound;

namespace McpConsole.Web.Features.Alerts;

public static class AlertsSetup
{
    /// <summary>Alert book and evaluator, server-state bridge, channels (SMTP, webhook), scheduled reports.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AlertOptions>().Bind(builder.Configuration.GetSection(AlertOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(nameof(ChannelSender), c => c.Timeout = ChannelSender.Timeout).UseOutboundPolicy();
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ChannelSender>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<AlertConfiguration>();
        services.AddSingleton<AlertSignals>();
        services.AddSingleton<AlertsAdmin>();
        services.AddScoped<ActorContext>();
        services.AddSingleton<BackupEventAlerts>();
        services.AddSingleton<FailoverEventAlerts>();
        services.AddSingleton<StartupAlerts>();
        services.AddSingleton<ChannelRetries>();
        services.AddSingleton<DeliveryRetention>();
        services.AddSingleton<AlertEvaluator>();
        services.AddSingleton<ServerStateAlerts>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerStateAlerts>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());

        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<ReportRenderer>();
        services.AddTransient<ReportRunner>();
        services.AddSingleton<ReportCatalog>();
        services.AddHostedService<ReportStartup>();
        services.AddHostedService<WebhookUrlUpgrade>();
        services.AddSingleton<IRecurringJobs, AlertJobs>();
        return builder;
    }
}

/// <summary>The delivery-history retention job (a fixed schedule).</summary>
internal sealed class AlertJobs : IRecurringJobs
{
    public void Schedule(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<DeliveryRetention>(DeliveryRetention.JobId, r => r.ApplyAsync(CancellationToken.None), DeliveryRetention.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
}

/// <summary>Registers every report's recurring job once the database is migrated (the reports live in it).</summary>
internal sealed class ReportStartup(ReportCatalog reports, ILogger<ReportStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await reports.SyncAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not schedule the report jobs");
        }
    }
}
