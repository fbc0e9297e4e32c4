using McpConsole.SampleServer.Failover;
using McpConsole.SampleServer.Faults;
using McpConsole.SampleServer.Health;
using McpConsole.SampleServer.Hostile;
using McpConsole.SampleServer.Metrics;
using McpConsole.SampleServer.Tools;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace McpConsole.SampleServer.Hosting;

/// <summary>Service registration shared by the HTTP and stdio hosts.</summary>
public static class McpSetup
{
    public static IMcpServerBuilder AddSampleServer(this IServiceCollection services, SampleServerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<FaultState>();
        services.AddSingleton(options.HostileCorpusFile is { } corpus ? HostileCorpus.Load(corpus) : HostileCorpus.Off);
        services.AddSingleton<FailoverState>();
        services.AddSingleton<RequestMetrics>();
        services.AddSingleton<ConnectionTracker>();
        services.AddSingleton<HealthReporter>();
        services.AddSingleton<PrometheusText>();
        services.AddHostedService<FaultStartup>();

        return services
            .AddMcpServer(o => o.ServerInfo = new Implementation { Name = options.Name, Version = HealthReporter.Version })
            .WithTools<SampleTools>()
            .WithResources<SampleResources>()
            .WithPrompts<SamplePrompts>()
            .WithMessageFilters(f => f.AddIncomingFilter(next => (ctx, ct) =>
            {
                var sp = ctx.Services ?? throw new InvalidOperationException("no services");
                return FaultMessageFilter.Create(sp.GetRequiredService<FaultState>(), sp.GetRequiredService<RequestMetrics>())(next)(ctx, ct);
            }))
            .WithRequestFilters(f =>
            {
                f.AddListToolsFilter(next => (ctx, ct) => CatalogDriftFilters.ListTools(ctx.Services!.GetRequiredService<FaultState>())(next)(ctx, ct));
                f.AddListToolsFilter(next => (ctx, ct) => HostileCorpus.ListTools(ctx.Services!.GetRequiredService<HostileCorpus>())(next)(ctx, ct));
                f.AddCallToolFilter(next => (ctx, ct) => CatalogDriftFilters.CallTool(ctx.Services!.GetRequiredService<FaultState>())(next)(ctx, ct));
            });
    }

    public static IMcpServerBuilder WithSampleHttpTransport(this IMcpServerBuilder builder) =>
        builder.WithHttpTransport(o =>
        {
            // Sessions for initialize clients (2025-11-25 and older, legacy SSE); 2026-07-28 served statelessly.
            o.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
            // Legacy SSE (GET /mcp/sse + POST /mcp/message) exists so the console can be tested against old servers.
#pragma warning disable MCP9004 // obsolete: only for trusted clients; this server binds to loopback by default.
            o.EnableLegacySse = true;
#pragma warning restore MCP9004
        });

    /// <summary>Applies the start-up faults once the host runs (the crash timer needs the lifetime).</summary>
    private sealed class FaultStartup(FaultState faults, SampleServerOptions options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            faults.Apply(options.Faults);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
