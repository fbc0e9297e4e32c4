using McpConsole.SampleServer.Failover;
using McpConsole.SampleServer.Faults;
using McpConsole.SampleServer.Health;
using McpConsole.SampleServer.Metrics;

namespace McpConsole.SampleServer.Hosting;

/// <summary>Entry points: <see cref="RunAsync"/> for the process, <see cref="Build"/> for an in-process HTTP server.</summary>
public static class SampleServerApp
{
    public const int DefaultPort = 5173;

    public static async Task<int> RunAsync(string[] args)
    {
        SampleServerOptions options;
        try
        {
            options = SampleServerOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"mcp-sample-server: {e.Message}");
            return 2;
        }
        if (options.Stdio)
        {
            await BuildStdio(options).RunAsync();
            return 0;
        }
        await Build(options).RunAsync();
        return 0;
    }

    /// <summary>Builds the HTTP server (not started). Tests: pass <c>--port 0</c> and read the bound address after StartAsync.</summary>
    public static WebApplication Build(string[] args) => Build(SampleServerOptions.Parse(args));

    public static WebApplication Build(SampleServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. options.HostArgs] });
        var explicitUrls = builder.Configuration["urls"] is { Length: > 0 };
        if (options.Port is { } port || !explicitUrls)
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port ?? DefaultPort}");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSampleServer(options).WithSampleHttpTransport();
        AddParentWatchdog(builder.Services, options);

        var app = builder.Build();
        // Read (and with --state-file, write) the role now, not at the first request: a crash before any request
        // must still leave the state file behind.
        app.Services.GetRequiredService<FailoverState>();
        app.UseSampleHostGuard(options);
        app.MapSampleMetrics();
        app.MapMcp("/mcp");
        app.MapSampleHealth();
        app.MapSampleFailover();
        app.MapSampleAdmin();
        return app;
    }

    /// <summary>Builds the stdio server: stdout is the protocol channel, every log line goes to stderr.</summary>
    public static IHost BuildStdio(SampleServerOptions options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. options.HostArgs] });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSampleServer(options).WithStdioServerTransport();
        AddParentWatchdog(builder.Services, options);
        var host = builder.Build();
        host.Services.GetRequiredService<ConnectionTracker>().Open();
        return host;
    }

    private static void AddParentWatchdog(IServiceCollection services, SampleServerOptions options)
    {
        if (options.ParentPid is { } parent)
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ParentWatchdog>(sp, parent));
    }
}
