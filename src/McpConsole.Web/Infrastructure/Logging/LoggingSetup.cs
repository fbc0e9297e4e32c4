using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace McpConsole.Web.Infrastructure.Logging;

public static class LoggingSetup
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Compact JSON to a daily rolling file under data/logs (14 files kept); to stdout readable lines on a terminal and
    /// compact JSON when redirected (<see cref="ConsoleOptions.LogFormat"/>).
    /// </summary>
    public static IHostApplicationBuilder AddConsoleLogging(this IHostApplicationBuilder builder, DataDirectory dataDirectory, ConsoleOptions options)
    {
        builder.Services.AddSerilog((services, log) =>
        {
            log.MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
                .ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                .WriteTo.File(new CompactJsonFormatter(), dataDirectory.File("logs", "console-.log"),
                    rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, shared: false);
            if (!options.LogToConsole)
                return;
            if (ConsoleLogFormats.Resolve(options.LogFormat, Console.IsOutputRedirected) == ConsoleLogFormat.Text)
                log.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            else
                log.WriteTo.Console(new RenderedCompactJsonFormatter());
        }, preserveStaticLogger: true); // each host owns its logger (tests run several consoles in one process)
        return builder;
    }

    /// <summary>One line per request: method, path (no query string: it may carry tokens), status, duration.</summary>
    public static void UseConsoleRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.GetLevel = (http, _, ex) => ex is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments("/_blazor") || http.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
}
