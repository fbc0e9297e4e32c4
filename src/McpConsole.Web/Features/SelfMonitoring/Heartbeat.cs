using System.Net.Http.Json;
using McpConsole.Core.Alerts;
using McpConsole.Core.Fleet;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.SelfMonitoring;

/// <summary>
/// The dead man's switch (<see cref="HeartbeatOptions"/>): posts to the heartbeat URL every interval while probing and the
/// result writer are healthy and the self-checks are current; skips beats otherwise, so the external service raises the
/// alarm when the console stalls, cannot store results, or is gone. The URL is never logged in full (only its origin).
/// </summary>
public sealed partial class Heartbeat(SelfStatus status, IHttpClientFactory httpClients, TimeProvider clock, IOptions<HeartbeatOptions> options,
    IOptions<SelfMonitoringOptions> monitoring, ILogger<Heartbeat> logger) : BackgroundService
{
    public const string ClientName = "Heartbeat";
    private bool? _wasHealthy;

    /// <summary>Beats sent and answered with success (tests and the log read it).</summary>
    public long Sent { get; private set; }

    /// <summary>Why the console is not healthy enough to beat, or null when it is.</summary>
    public string? Withheld(DateTimeOffset now)
    {
        if (status.EvaluatedAt is not { } at || now - at > monitoring.Value.Interval * 3)
            return "the self-checks are not current";
        if (status.IsFailing(AlertKinds.ConsoleProbingBehind))
            return "probing is stalled or behind";
        if (status.IsFailing(AlertKinds.ConsoleWriterFailing))
            return "probe results cannot be stored";
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Url))
            return;
        var origin = UrlRedaction.OriginOnly(options.Value.Url) ?? "(invalid URL)";
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var withheld = Withheld(clock.GetUtcNow());
            if (withheld is not null)
            {
                if (_wasHealthy != false)
                    LogWithheld(logger, origin, withheld);
                _wasHealthy = false;
                continue;
            }

            if (_wasHealthy == false)
                LogResumed(logger, origin);
            _wasHealthy = true;
            await BeatAsync(origin, stoppingToken);
        }
    }

    private async Task BeatAsync(string origin, CancellationToken ct)
    {
        try
        {
            var client = httpClients.CreateClient(ClientName);
            using var response = await client.PostAsJsonAsync(options.Value.Url, new { status = "healthy", at = clock.GetUtcNow() }, ct);
            if (response.IsSuccessStatusCode)
                Sent++;
            else
                LogRefused(logger, origin, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(logger, origin, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat to {Origin} withheld: {Reason}")]
    private static partial void LogWithheld(ILogger logger, string origin, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat to {Origin} resumed")]
    private static partial void LogResumed(ILogger logger, string origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat to {Origin} answered HTTP {Status}")]
    private static partial void LogRefused(ILogger logger, string origin, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat to {Origin} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string origin, string error);
}
