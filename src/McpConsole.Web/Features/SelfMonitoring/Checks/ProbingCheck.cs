using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Probing;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.SelfMonitoring.Checks;

/// <summary>Probing stalled (the scheduler completes no cycle) or behind (too many servers overdue).</summary>
public sealed class ProbingCheck(ProbeScheduler scheduler, IOptions<SelfMonitoringOptions> options) : ISelfCheck
{
    public string Kind => AlertKinds.ConsoleProbingBehind;

    public Task<SelfCheckResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (scheduler.StartedAt is not { } started)
            return Task.FromResult(SelfCheckResult.Pass(Kind)); // probing is turned off

        var o = options.Value;
        var last = scheduler.LastCycleCompletedAt ?? started;
        if (now - last > o.StalledAfter)
        {
            var since = scheduler.LastCycleCompletedAt is { } at ? $"since {at:HH:mm:ss} UTC" : "since the console started";
            return Task.FromResult(new SelfCheckResult(Kind, true,
                $"Probing has stalled: no probe cycle completed {since}. Every server state shown is getting older.",
                "Read the console log for \"Probe scheduler cycle failed\" (a database or Data Protection key problem is the usual cause) and restart the console once it is fixed."));
        }

        var (scheduled, overdue) = scheduler.Punctuality(now);
        if (scheduled > 0 && overdue > o.BehindShare * scheduled)
        {
            return Task.FromResult(new SelfCheckResult(Kind, true,
                $"Probing is behind: {overdue} of {scheduled} servers have no result for longer than twice their interval plus their timeout.",
                "The console probes more than it can: raise McpConsole:Probing:MaxConcurrency, lengthen probe intervals or shorten timeouts of slow servers."));
        }

        return Task.FromResult(SelfCheckResult.Pass(Kind));
    }
}
