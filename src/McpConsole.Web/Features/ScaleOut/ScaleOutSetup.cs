using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.ScaleOut;

public static class ScaleOutSetup
{
    /// <summary>Probe ownership for the scheduler; in PostgreSQL mode also heartbeats and probe leases shared with other instances.</summary>
    public static IHostApplicationBuilder AddScaleOut(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ScaleOutOptions>().Bind(builder.Configuration.GetSection(ScaleOutOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Valid(), "McpConsole:ScaleOut:LeaseDuration must be at least twice HeartbeatInterval.")
            .ValidateOnStart();
        services.AddSingleton<ProbeOwnership>();
        services.AddSingleton<InstancesView>();
        if (DatabaseOptions.From(builder.Configuration).Provider == DatabaseProvider.Postgres)
        {
            services.AddSingleton<LeaseCoordinator>();
            services.AddHostedService(sp => sp.GetRequiredService<LeaseCoordinator>());
            services.AddHostedService<FleetRelay>();
        }

        return builder;
    }

    public static void MapScaleOut(this WebApplication app) =>
        app.MapGet("/api/instances", async (InstancesView view, CancellationToken ct) => await view.ListAsync(ct))
            .WithTags("Scale-out").WithSummary("Console instances sharing the PostgreSQL database: heartbeat and the servers each probes (empty in SQLite mode).")
            .RequireAuthorization(Policies.Viewer);
}
