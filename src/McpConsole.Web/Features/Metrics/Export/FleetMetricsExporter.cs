using McpConsole.Core.Health;
using McpConsole.Web.Features.Probing;
using Prometheus;

namespace McpConsole.Web.Features.Metrics.Export;

/// <summary>
/// The fleet on /metrics: mcp_server_up, mcp_server_state (one series per state, 1 for the current one),
/// mcp_server_tools, mcp_server_probe_latency_seconds, mcp_server_last_result_age_seconds, and a histogram of probe step
/// durations. A server whose last result is stale (<see cref="StateFreshness"/>) is Unknown with up 0. Gauges are set from
/// the notifier's in-memory latest results just before each scrape (never from the database); series of servers
/// that are gone are removed.
/// </summary>
public sealed class FleetMetricsExporter(FleetNotifier notifier, TimeProvider clock) : IHostedService
{
    private static readonly string[] States = Enum.GetNames<HealthState>();

    private static readonly Gauge Up = Prometheus.Metrics.CreateGauge("mcp_server_up",
        "1 when the server's last probe succeeded, it is Healthy or Degraded, and that result is not stale; else 0.", "server");

    private static readonly Gauge State = Prometheus.Metrics.CreateGauge("mcp_server_state",
        "1 for the server's current health state, 0 for the others.", "server", "state");

    private static readonly Gauge Tools = Prometheus.Metrics.CreateGauge("mcp_server_tools",
        "Tools the server listed at its last catalog read.", "server");

    private static readonly Gauge Latency = Prometheus.Metrics.CreateGauge("mcp_server_probe_latency_seconds",
        "Duration of the server's last probe.", "server");

    private static readonly Gauge Age = Prometheus.Metrics.CreateGauge("mcp_server_last_result_age_seconds",
        "Seconds since the server's last probe result; older than interval x 2 + timeout means stale (state Unknown).", "server");

    private static readonly Histogram StepDuration = Prometheus.Metrics.CreateHistogram("mcp_probe_step_duration_seconds",
        "Duration of each probe step (transport, handshake, liveness, catalog, healthResource, httpHealth).",
        new HistogramConfiguration
        {
            LabelNames = ["step"],
            Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        });

    private readonly Lock _gate = new();
    private HashSet<string> _exported = [];
    private IDisposable? _subscription;
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(ObserveSteps);
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(Refresh);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        lock (_gate)
            _stopped = true;
        return Task.CompletedTask;
    }

    private static Task ObserveSteps(ServerStatusChanged change)
    {
        foreach (var (step, ms) in change.Steps ?? new Dictionary<string, double>())
            StepDuration.WithLabels(step).Observe(ms / 1000);
        return Task.CompletedTask;
    }

    /// <summary>Sets every gauge from the latest results; public for tests.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            var current = new HashSet<string>();
            var now = clock.GetUtcNow();
            foreach (var s in notifier.Latest)
            {
                current.Add(s.Name);
                var judged = StateFreshness.Evaluate(ServerFreshness.Of(s), now);
                var up = !judged.Stale && s.Succeeded && s.State is HealthState.Healthy or HealthState.Degraded;
                Up.WithLabels(s.Name).Set(up ? 1 : 0);
                foreach (var state in States)
                    State.WithLabels(s.Name, state).Set(state == judged.State ? 1 : 0);
                Age.WithLabels(s.Name).Set(judged.Age?.TotalSeconds ?? 0);
                Latency.WithLabels(s.Name).Set(s.LatencyMs / 1000);
                if (s.ToolCount is { } tools)
                    Tools.WithLabels(s.Name).Set(tools);
            }

            foreach (var gone in _exported.Except(current))
            {
                Up.RemoveLabelled(gone);
                Age.RemoveLabelled(gone);
                Tools.RemoveLabelled(gone);
                Latency.RemoveLabelled(gone);
                McpRequestMetrics.Remove(gone);
                foreach (var state in States)
                    State.RemoveLabelled(gone, state);
            }

            _exported = current;
        }
    }
}
