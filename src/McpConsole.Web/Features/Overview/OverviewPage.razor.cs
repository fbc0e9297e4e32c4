using McpConsole.Core.Health;
using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Metrics.Overview;
using McpConsole.Web.Features.Probing;
using Microsoft.AspNetCore.Components;

namespace McpConsole.Web.Features.Overview;

/// <summary>Fleet availability, servers by state, p95 latency, open incidents, recent events and a map; live (redrawn at most every 100 ms).</summary>
public sealed partial class OverviewPage : IDisposable
{
    private static readonly string[] StateOrder = ["Healthy", "Degraded", "Down", "Unauthorized", "Misconfigured", "Unknown"];

    [Inject] public required FleetOverviewService Overview { get; init; }
    [Inject] public required FleetNotifier Notifier { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private SortedDictionary<(string Name, int Id), OverviewServer>? _servers;
    private readonly Dictionary<int, (string Name, int Id)> _keys = [];
    private List<OverviewEvent> _events = [];
    private double? _availability;
    private long _probes;
    private double? _unknown;
    private readonly Lock _gate = new();
    private readonly List<ServerStatusChanged> _pending = [];
    private IDisposable? _subscription;
    private PeriodicTimer? _timer;

    protected override async Task OnInitializedAsync()
    {
        var overview = await Overview.GetAsync();
        _servers = new(Comparer<(string Name, int Id)>.Create((a, b) =>
        {
            var byName = string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
            return byName != 0 ? byName : a.Id.CompareTo(b.Id);
        }));
        foreach (var s in overview.Servers)
        {
            _servers[(s.Name, s.Id)] = s;
            _keys[s.Id] = (s.Name, s.Id);
        }

        _events = [.. overview.Events];
        _availability = overview.Availability24h;
        _probes = overview.Probes24h;
        _unknown = overview.Unknown24h;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _subscription = Notifier.Subscribe(change =>
        {
            lock (_gate)
                _pending.Add(change);
            return Task.CompletedTask;
        });
        _timer = new PeriodicTimer(ServerStatusStream.ListThrottle);
        _ = RedrawLoopAsync(_timer);
    }

    private async Task RedrawLoopAsync(PeriodicTimer timer)
    {
        try
        {
            var recheck = new ServerFreshness.Recheck(ServerStatusStream.ListThrottle);
            while (await timer.WaitForNextTickAsync())
            {
                // States turn stale without any push: judge every server again every few seconds.
                if (recheck.Due())
                    await InvokeAsync(JudgeAgain);

                ServerStatusChanged[] batch;
                lock (_gate)
                {
                    batch = [.. _pending];
                    _pending.Clear();
                }

                if (batch.Length > 0)
                    await InvokeAsync(() => Apply(batch));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void Apply(IEnumerable<ServerStatusChanged> changes)
    {
        if (_servers is null)
            return;
        foreach (var c in changes)
        {
            if (!_keys.TryGetValue(c.ServerId, out var key) || !_servers.TryGetValue(key, out var s))
                continue;
            _servers[key] = s.Stored is { } stored
                ? (s with { LatencyMs = c.LatencyMs }).JudgedAt(ServerFreshness.After(stored, c), Clock.GetUtcNow())
                : s;
            if (c.Transition is { } transition)
            {
                _events.Insert(0, new OverviewEvent(c.ServerId, s.Name, transition.At, transition.From.ToString(), transition.To.ToString(), transition.Reason));
                if (_events.Count > FleetOverviewService.EventCount)
                    _events.RemoveAt(_events.Count - 1);
            }
        }

        StateHasChanged();
    }

    private void JudgeAgain()
    {
        if (_servers is null)
            return;
        var now = Clock.GetUtcNow();
        foreach (var (key, s) in _servers.ToList())
        {
            if (s.Stored is { } stored)
                _servers[key] = s.JudgedAt(stored, now);
        }

        StateHasChanged();
    }

    /// <summary>"name: Healthy, checked 12 s ago" or "name: Unknown, no result since 12:00:00 UTC".</summary>
    private static string TileLabel(OverviewServer s) =>
        $"{s.Name}: {s.State}" + (s.Stale ? $", {s.Reason}" : s.Age is { } age ? $", checked {StateFreshness.DescribeAge(age)}" : "");

    private int StaleCount() => _servers!.Values.Count(s => s.Stale);

    private IEnumerable<(string State, int Count)> ByState() =>
        _servers!.Values.GroupBy(s => s.State).Select(g => (g.Key, g.Count()))
            .OrderBy(x => Array.IndexOf(StateOrder, x.Key) is var i && i < 0 ? int.MaxValue : i);

    private List<OverviewServer> OpenIncidents() =>
        [.. _servers!.Values.Where(s => IncidentTimeline.IsIncidentState(s.State)).OrderBy(s => s.Since)];

    private double? P95()
    {
        var latencies = _servers!.Values.Where(s => s.LatencyMs is not null && s.State is "Healthy" or "Degraded").Select(s => s.LatencyMs!.Value).ToList();
        if (latencies.Count == 0)
            return null;
        latencies.Sort();
        return Percentile.NearestRank(latencies, 95);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _timer?.Dispose();
    }
}
