using McpConsole.Web.Components;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.ApiKeys;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Backups;
using McpConsole.Web.Features.Costs;
using McpConsole.Web.Features.Demo;
using McpConsole.Web.Features.Failover;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Features.ScaleOut;
using McpConsole.Web.Features.SelfMonitoring;
using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.Api;
using McpConsole.Web.Infrastructure.DataProtection;
using McpConsole.Web.Infrastructure.Jobs;
using McpConsole.Web.Infrastructure.Limits;
using McpConsole.Web.Infrastructure.Logging;
using McpConsole.Web.Infrastructure.Operations;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Infrastructure.Security;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Infrastructure.Telemetry;
using MudBlazor.Services;
using Prometheus;

namespace McpConsole.Web;

/// <summary>What Program.cs wires together: one Add/Map pair per area.</summary>
public static class ConsoleHost
{
    public static DataDirectory AcquireDataDirectory(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        var dataDirectory = DatabaseOptions.From(builder.Configuration).Provider == DatabaseProvider.Postgres
            ? DataDirectory.OpenUnlocked(options.DataDirectory)
            : DataDirectory.Acquire(options.DataDirectory);
        // Registered through a factory so the host disposes it (releasing the lock) when it stops.
        builder.Services.AddSingleton(_ => dataDirectory);
        return dataDirectory;
    }

    public static void AddConsoleServices(this WebApplicationBuilder builder, DataDirectory dataDirectory, string[] args)
    {
        var options = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        // What Development turns on, on everywhere: tests (Production) catch a scoped service taken from the root, or a
        // registration that cannot be built, before users of `dotnet run` do.
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.Services.AddOptions<ConsoleOptions>().Bind(builder.Configuration.GetSection(ConsoleOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsoleStartup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConsoleStartup>());

        builder.AddConsoleLogging(dataDirectory, options);
        builder.AddStorage(dataDirectory);
        builder.AddKeyRingProtection(dataDirectory);
        builder.AddJobs(dataDirectory);
        builder.AddConsoleAuth();
        builder.AddConsoleApi();
        builder.AddOperationalEndpoints();
        builder.AddTelemetry();
        builder.AddAudit();
        builder.AddOutboundPolicy();
        builder.AddFleet();
        builder.AddScaleOut();
        builder.AddResponseLimits();
        builder.AddProbing();
        builder.AddMetrics();
        builder.AddBackups();
        builder.AddAlerts();
        builder.AddFailover();
        builder.AddCosts();
        builder.AddSelfMonitoring();
        builder.AddDemoFleet(args);

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
    }

    public static void UseConsolePipeline(this WebApplication app)
    {
        // Migrations run while the pipeline and job storage below are set up; the host waits for both before serving.
        _ = app.Services.GetRequiredService<ConsoleStartup>().Begin(app.Lifetime.ApplicationStopping);
        app.UseSecurityHeaders();
        app.UseConsoleErrorHandling();
        app.UseConsoleRequestLogging();
        // Explicit, after the error handlers: their re-executed requests (/error, /not-found) must be routed again.
        app.UseRouting();
        app.UseHttpMetrics();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCrossSiteGuard();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapOperationalEndpoints();
        app.MapConsoleApiDocument();
        app.MapAntiforgeryToken();
        app.MapAccountEndpoints();
        app.MapApiKeyEndpoints();
        app.MapAuditEndpoints();
        app.MapFleetEndpoints();
        app.MapMetrics();
        app.MapBackupEndpoints();
        app.MapAlertEndpoints();
        app.MapFailover();
        app.MapScaleOut();
        app.MapCosts();
        app.MapJobsDashboard();
        // Blazor's own endpoints (circuit hub, redirects) need a signed-in user; each page declares its own role.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization(Policies.Viewer);
    }
}
