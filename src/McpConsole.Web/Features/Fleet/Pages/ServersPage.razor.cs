using McpConsole.Web.Features.Fleet.Components;
using McpConsole.Web.Features.Probing;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace McpConsole.Web.Features.Fleet.Pages;

public sealed partial class ServersPage
{
    private static readonly string[] _states = ["Unknown", "Healthy", "Degraded", "Down", "Unauthorized", "Misconfigured"];

    // Filters live in the URL so a link reproduces the view.
    [SupplyParameterFromQuery(Name = "q")] public string? Filter { get; set; }
    [SupplyParameterFromQuery(Name = "state")] public string? State { get; set; }
    [Inject] public required ServerRegistry Registry { get; init; }
    [Inject] public required FleetNotifier Notifier { get; init; }
    [Inject] public required IRegistryChanges RegistryChanges { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private List<ServerSummary>? _servers;
    private IDisposable? _subscription;
    private IDisposable? _registrySubscription;
    private volatile bool _registryChanged;
    private readonly Dictionary<int, ServerStatusChanged> _pending = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource? _redraw;

    private IEnumerable<ServerSummary> Visible => (_servers ?? []).Where(Matches);

    protected override async Task OnInitializedAsync() => _servers = [.. await Registry.ListAsync()];

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _subscription = Notifier.Subscribe(change =>
        {
            lock (_gate)
                _pending[change.ServerId] = change;
            return Task.CompletedTask;
        });
        // Servers added, edited or removed elsewhere (another operator, an import, the API) show up without a reload.
        _registrySubscription = RegistryChanges.Subscribe(_ => _registryChanged = true);
        _redraw = new CancellationTokenSource();
        _ = RedrawLoopAsync(_redraw.Token);
    }

    /// <summary>Applies live probe results and registry changes at most every 100 ms, so a busy fleet cannot flood the circuit.</summary>
    private async Task RedrawLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ServerStatusStream.ListThrottle);
        var recheck = new ServerFreshness.Recheck(ServerStatusStream.ListThrottle);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                // States turn stale (and ages grow) without any push: judge every row again every few seconds.
                if (recheck.Due())
                    await InvokeAsync(() => { JudgeAgain(); StateHasChanged(); });

                ServerStatusChanged[] changes;
                lock (_gate)
                {
                    changes = [.. _pending.Values];
                    _pending.Clear();
                }

                if (_registryChanged)
                {
                    _registryChanged = false;
                    var servers = await Registry.ListAsync(ct: ct);
                    await InvokeAsync(() => { _servers = [.. servers]; Apply(changes); StateHasChanged(); });
                }
                else if (changes.Length > 0)
                    await InvokeAsync(() => { Apply(changes); StateHasChanged(); });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void Apply(IEnumerable<ServerStatusChanged> changes)
    {
        if (_servers is null)
            return;
        var now = Clock.GetUtcNow();
        foreach (var change in changes)
        {
            var index = _servers.FindIndex(s => s.Id == change.ServerId);
            if (index >= 0 && _servers[index] is { Stored: { } stored } row)
            {
                _servers[index] = (row with
                {
                    LatencyMs = change.LatencyMs, ProtocolVersion = change.ProtocolVersion ?? row.ProtocolVersion,
                    ToolCount = change.ToolCount ?? row.ToolCount, CatalogHash = change.CatalogHash ?? row.CatalogHash,
                }).JudgedAt(ServerFreshness.After(stored, change), now);
            }
        }
    }

    private void JudgeAgain()
    {
        if (_servers is null)
            return;
        var now = Clock.GetUtcNow();
        for (var i = 0; i < _servers.Count; i++)
        {
            if (_servers[i].Stored is { } stored)
                _servers[i] = _servers[i].JudgedAt(stored, now);
        }
    }

    private bool Matches(ServerSummary s)
    {
        if (!string.IsNullOrEmpty(State) && !string.Equals(s.State, State, StringComparison.OrdinalIgnoreCase))
            return false;
        if (string.IsNullOrWhiteSpace(Filter))
            return true;
        var f = Filter.Trim();
        return Contains(s.Name, f) || Contains(s.Group, f) || Contains(s.Location, f) || Contains(s.Endpoint, f)
            || s.Tags.Any(t => Contains(t, f)) || Contains(s.StateReason, f);
    }

    private static bool Contains(string? value, string part) => value?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;

    private void SetFilter(string? value) => UpdateQuery(q: value, state: State);

    private void SetState(string? value) => UpdateQuery(q: Filter, state: value);

    private void UpdateQuery(string? q, string? state)
    {
        Filter = q;
        State = state;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["q"] = string.IsNullOrWhiteSpace(q) ? null : q,
            ["state"] = string.IsNullOrWhiteSpace(state) ? null : state,
        }), replace: true);
    }

    private async Task OpenImportAsync()
    {
        var dialog = await Dialogs.ShowAsync<ImportDialog>("Import servers",
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true });
        var result = await dialog.Result;
        if (result is { Canceled: false })
            _servers = [.. await Registry.ListAsync()];
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _registrySubscription?.Dispose();
        _redraw?.Cancel();
        _redraw?.Dispose();
    }
}
