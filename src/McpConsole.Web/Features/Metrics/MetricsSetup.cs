using McpConsole.Web.Features.Metrics.Export;
using McpConsole.Web.Features.Metrics.Rollups;
using McpConsole.Web.Features.Metrics.Series;
using McpConsole.Web.Infrastructure.Jobs;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Metrics;

public static class MetricsSetup
{
    public const string MinuteJobId = "metrics-rollup-minute";
    public const string HourJobId = "metrics-rollup-hour";
    public const string RetentionJobId = "metrics-retention";
    public const string VacuumJobId = "metrics-vacuum";

    /// <summary>Roll-ups, retention, chart queries, the fleet on /metrics.</summary>
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        SuppressLibraryDebugMetrics();
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => Valid(o), "McpConsole:Metrics retention must be at least 2 h and grow from raw to minutes to hours.")
            .ValidateOnStart();
        services.AddSingleton<MetricsDatabase>();
        services.AddSingleton<RollupJob>();
        services.AddSingleton<RetentionJob>();
        services.AddSingleton<ServerMetricsService>();
        services.AddSingleton<AvailabilityTargets>();
        services.AddSingleton<Overview.FleetOverviewService>();
        services.AddSingleton<Topology.ServerLinks>();
        services.AddSingleton<FleetMetricsExporter>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetMetricsExporter>());
        services.AddSingleton<IRecurringJobs, MetricsJobs>();
        return builder;
    }

    public static void MapMetrics(this WebApplication app) => app.MapMetricsApi();

    /// <summary>
    /// prometheus-net's own debug and event-counter series (e.g. a gauge named ..._total) fail `promtool check metrics`; they say
    /// nothing about the fleet. Possible only before the default registry is first used (once per process).
    /// </summary>
    private static void SuppressLibraryDebugMetrics()
    {
        try
        {
            Prometheus.Metrics.SuppressDefaultMetrics(new Prometheus.SuppressDefaultMetricOptions { SuppressDebugMetrics = true, SuppressEventCounters = true });
            // .NET's System.Runtime meter names gauges like counters (..._count); the process_* collector covers it.
            // Npgsql's meter (PostgreSQL mode) does the same (db.client.connection.count) and says nothing about the fleet.
            Prometheus.Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = i => i.Meter.Name is not ("System.Runtime" or "Npgsql"));
        }
        catch (InvalidOperationException)
        {
            // A second host in the same process (tests): the first one already configured the registry.
        }
    }

    private static bool Valid(MetricsOptions o)
    {
        try
        {
            o.Retention.Validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
