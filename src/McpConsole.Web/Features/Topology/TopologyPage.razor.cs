using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Metrics.Overview;
using McpConsole.Web.Features.Probing;
using Microsoft.AspNetCore.Components;

namespace McpConsole.Web.Features.Topology;

/// <summary>Live topology: probe results recolour nodes, registry changes add or remove them, links come from <see cref="ServerLinks"/>.</summary>
public sealed partial class TopologyPage : IDisposable
{
    [Inject] public required FleetOverviewService Overview { get; init; }
    [Inject] public required FleetNotifier Notifier { get; init; }
    [Inject] public required IRegistryChanges Registry { get; init; }
    [Inject] public required ServerLinks Links { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private IReadOnlyList<TopologyElement>? _elements;
    private TopologyGraph? _graph;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, ServerStatusChanged> _changes = [];

    // Each server as last judged, so a node turns stale (Unknown) without any push.
    private Dictionary<int, OverviewServer> _judged = [];
    private bool _structureChanged;
    private readonly List<IDisposable> _subscriptions = [];
    private PeriodicTimer? _timer;

    protected override async Task OnInitializedAsync()
    {
        var servers = await Overview.ServersAsync();
        _judged = servers.ToDictionary(s => s.Id);
        _elements = TopologyModel.Build(servers, Links.All);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _subscriptions.Add(Notifier.Subscribe(change =>
        {
            lock (_gate)
                _changes[change.ServerId] = change;
            return Task.CompletedTask;
        }));
        _subscriptions.Add(Registry.Subscribe(_ => MarkStructureChanged()));
        _subscriptions.Add(Links.Subscribe(MarkStructureChanged));
        _timer = new PeriodicTimer(Probing.ServerStatusStream.ChartThrottle);
        _ = LoopAsync(_timer);
    }

    private void MarkStructureChanged()
    {
        lock (_gate)
            _structureChanged = true;
    }

    private async Task LoopAsync(PeriodicTimer timer)
    {
        try
        {
            var recheckTicks = new ServerFreshness.Recheck(ServerStatusStream.ChartThrottle);
            while (await timer.WaitForNextTickAsync())
            {
                ServerStatusChanged[] changes;
                bool structure;
                lock (_gate)
                {
                    changes = [.. _changes.Values];
                    _changes.Clear();
                    structure = _structureChanged;
                    _structureChanged = false;
                }

                if (structure)
                    await InvokeAsync(RebuildAsync);
                var recheck = recheckTicks.Due();
                if (changes.Length == 0 && !recheck)
                    continue;
                string[][] states = [];
                await InvokeAsync(() => states = Judge(changes, recheck));
                if (states.Length > 0 && _graph is { } graph)
                    await InvokeAsync(() => graph.SetStatesAsync(states));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not ObjectDisposedException)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>Applies live results (and, on a recheck, judges every server again); returns the nodes whose state changed.</summary>
    private string[][] Judge(ServerStatusChanged[] changes, bool recheck)
    {
        var now = Clock.GetUtcNow();
        var changed = new List<string[]>();
        var byId = changes.ToDictionary(c => c.ServerId);
        foreach (var (id, s) in _judged.ToList())
        {
            if (s.Stored is not { } stored || (!recheck && !byId.ContainsKey(id)))
                continue;
            var judged = s.JudgedAt(byId.TryGetValue(id, out var c) ? ServerFreshness.After(stored, c) : stored, now);
            _judged[id] = judged;
            if (judged.State != s.State || c is not null)
                changed.Add([TopologyModel.ServerNode(id), judged.State]);
        }

        return [.. changed];
    }

    /// <summary>Servers added, renamed, moved or removed: new elements are added in place and missing ones removed.</summary>
    private async Task RebuildAsync()
    {
        if (_graph is null || _elements is null)
            return;
        var servers = await Overview.ServersAsync();
        _judged = servers.ToDictionary(s => s.Id);
        var fresh = TopologyModel.Build(servers, Links.All);
        var ids = fresh.Select(e => e.Id).ToHashSet();
        await _graph.RemoveAsync([.. _elements.Where(e => !ids.Contains(e.Id)).Select(e => e.Id)]);
        await _graph.UpsertAsync(fresh);
        _elements = fresh;
    }

    public void Dispose()
    {
        foreach (var s in _subscriptions)
            s.Dispose();
        _timer?.Dispose();
    }
}
