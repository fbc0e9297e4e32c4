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

    private IReadOnlyList<TopologyElement>? _elements;
    private TopologyGraph? _graph;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, string> _states = [];
    private bool _structureChanged;
    private readonly List<IDisposable> _subscriptions = [];
    private PeriodicTimer? _timer;

    protected override async Task OnInitializedAsync() =>
        _elements = TopologyModel.Build((await Overview.GetAsync()).Servers, Links.All);

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _subscriptions.Add(Notifier.Subscribe(change =>
        {
            lock (_gate)
                _states[change.ServerId] = change.State.ToString();
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
            while (await timer.WaitForNextTickAsync())
            {
                string[][] states;
                bool structure;
                lock (_gate)
                {
                    states = [.. _states.Select(s => new[] { TopologyModel.ServerNode(s.Key), s.Value })];
                    _states.Clear();
                    structure = _structureChanged;
                    _structureChanged = false;
                }

                if (structure)
                    await InvokeAsync(RebuildAsync);
                if (states.Length > 0 && _graph is { } graph)
                    await InvokeAsync(() => graph.SetStatesAsync(states));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not ObjectDisposedException)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>Servers added, renamed, moved or removed: new elements are added in place and missing ones removed.</summary>
    private async Task RebuildAsync()
    {
        if (_graph is null || _elements is null)
            return;
        var fresh = TopologyModel.Build((await Overview.GetAsync()).Servers, Links.All);
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
