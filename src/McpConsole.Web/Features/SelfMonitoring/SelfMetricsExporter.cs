using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Probing;
using Prometheus;

namespace McpConsole.Web.Features.SelfMonitoring;

/// <summary>
/// The console's own health on /metrics (mcp_console_*), set from memory just before each scrape, so it answers when
/// the database does not: the last completed probe cycle, overdue servers, the result writer's buffer and failures,
/// Hangfire's failed jobs and one gauge per self-check (1 = failing).
/// </summary>
public sealed class SelfMetricsExporter(ProbeScheduler scheduler, ProbeResultWriter writer, SelfStatus status, TimeProvider clock) : IHostedService
{
    private static readonly Gauge LastCycle = Prometheus.Metrics.CreateGauge("mcp_console_probe_cycle_last_completed_timestamp_seconds",
        "Unix time the probe scheduler last completed a cycle (0 before the first or when probing is off).");

    private static readonly Gauge Overdue = Prometheus.Metrics.CreateGauge("mcp_console_probe_overdue_servers",
        "Servers with no probe result for longer than interval x 2 + timeout.");

    private static readonly Gauge QueueDepth = Prometheus.Metrics.CreateGauge("mcp_console_writer_queue_depth",
        "Probe results waiting to be written.");

    private static readonly Gauge Capacity = Prometheus.Metrics.CreateGauge("mcp_console_writer_buffer_capacity",
        "Probe results the writer keeps in memory before it drops the oldest.");

    private static readonly Counter Failures = Prometheus.Metrics.CreateCounter("mcp_console_writer_failures_total",
        "Write attempts of probe results that failed.");

    private static readonly Counter Dropped = Prometheus.Metrics.CreateCounter("mcp_console_writer_dropped_total",
        "Probe results given up on (buffer full, or refused by the database after every retry).");

    private static readonly Gauge FailedJobs = Prometheus.Metrics.CreateGauge("mcp_console_jobs_failed",
        "Background jobs in Hangfire's failed state.");

    private static readonly Gauge CheckFailing = Prometheus.Metrics.CreateGauge("mcp_console_self_check_failing",
        "1 when the console's self-check fails, else 0.", "check");

    private readonly Lock _gate = new();
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(Refresh);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            _stopped = true;
        return Task.CompletedTask;
    }

    /// <summary>Sets every gauge from memory; public for tests.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            LastCycle.Set(scheduler.LastCycleCompletedAt?.ToUnixTimeMilliseconds() / 1000.0 ?? 0);
            Overdue.Set(scheduler.StartedAt is null ? 0 : scheduler.Punctuality(clock.GetUtcNow()).Overdue);
            QueueDepth.Set(writer.QueueDepth);
            Capacity.Set(writer.Capacity);
            Failures.IncTo(writer.FailedAttempts);
            Dropped.IncTo(writer.Dropped);
            FailedJobs.Set(status.FailedJobs ?? 0);
            foreach (var kind in AlertKinds.ConsoleKinds)
                CheckFailing.WithLabels(kind).Set(status.IsFailing(kind) ? 1 : 0);
        }
    }
}
