using McpConsole.Core.Health;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Probing;

public static class ProbingSetup
{
    /// <summary>Probe ladder, stdio supervisor, scheduler, batched result writer and live notifier.</summary>
    public static IHostApplicationBuilder AddProbing(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProbingOptions>().Bind(builder.Configuration.GetSection(ProbingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FleetNotifier>();
        services.AddSingleton<StdioPidFile>();
        services.AddSingleton(sp => new StdioSupervisor(sp.GetRequiredService<StdioPidFile>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ProbingOptions>>(), sp.GetRequiredService<ILogger<StdioSupervisor>>(), BackoffPolicy.StdioRestart));
        services.AddSingleton<HttpSessions>();
        services.AddSingleton<ReportedMemory>();
        services.AddSingleton<ObservedRequests>();
        services.AddSingleton<ProbeLadder>();
        services.AddSingleton<CatalogTracker>();
        services.AddSingleton<CatalogRetention>();
        services.AddSingleton<Infrastructure.Jobs.IRecurringJobs, CatalogRetentionJobs>();
        services.AddSingleton<ProbeResultWriter>();
        services.AddSingleton<ProbeScheduler>();

        // Start order: supervisor (ends a previous run's orphans), writer, scheduler. Stop order is the reverse, so
        // the scheduler stops probing first, the writer flushes, and the supervisor ends every stdio process last.
        services.AddHostedService(sp => sp.GetRequiredService<StdioSupervisor>());
        services.AddHostedService(sp => sp.GetRequiredService<ProbeResultWriter>());
        if (builder.Configuration.GetSection(ProbingOptions.Section).GetValue(nameof(ProbingOptions.Enabled), true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<ProbeScheduler>());
        }

        return builder;
    }
}
