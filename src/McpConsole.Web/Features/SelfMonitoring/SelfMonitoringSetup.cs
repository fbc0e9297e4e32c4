using McpConsole.Web.Features.SelfMonitoring.Checks;
using McpConsole.Web.Infrastructure.Outbound;

namespace McpConsole.Web.Features.SelfMonitoring;

public static class SelfMonitoringSetup
{
    /// <summary>Self-checks and their alerts, self-metrics on /metrics, and the heartbeat (dead man's switch).</summary>
    public static IHostApplicationBuilder AddSelfMonitoring(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SelfMonitoringOptions>().Bind(builder.Configuration.GetSection(SelfMonitoringOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HeartbeatOptions>().Bind(builder.Configuration.GetSection(HeartbeatOptions.Section));
        services.AddSingleton<SelfStatus>();
        services.AddSingleton<ISelfCheck, ProbingCheck>();
        services.AddSingleton<ISelfCheck, WriterCheck>();
        services.AddSingleton<ISelfCheck, JobStorageCheck>();
        services.AddSingleton<ISelfCheck, SecretsCheck>();
        services.AddSingleton<ISelfCheck, DiskSpaceCheck>();
        services.AddSingleton<ISelfCheck, ChannelsCheck>();
        services.AddSingleton<DirectNotices>();
        services.AddSingleton<SelfMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SelfMonitor>());
        services.AddSingleton<SelfMetricsExporter>();
        services.AddHostedService(sp => sp.GetRequiredService<SelfMetricsExporter>());
        // No request logging on this client: a heartbeat URL is a token (healthchecks.io puts it in the path).
        services.AddHttpClient(Heartbeat.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10)).UseOutboundPolicy().RemoveAllLoggers();
        services.AddSingleton<Heartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<Heartbeat>());
        return builder;
    }
}
