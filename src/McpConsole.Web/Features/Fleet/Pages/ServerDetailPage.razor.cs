using McpConsole.Core.Fleet;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using McpConsole.Web.Features.Probing;
using MudBlazor;

namespace McpConsole.Web.Features.Fleet.Pages;

public sealed partial class ServerDetailPage : IDisposable
{
    [Parameter] public int Id { get; set; }
    [CascadingParameter] public required Task<AuthenticationState> AuthState { get; set; }
    [Inject] public required ServerRegistry Registry { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required FleetNotifier Notifier { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private ServerDetails? _details;
    private bool _loaded;
    private IDisposable? _subscription;
    private int _dirty;
    private readonly CancellationTokenSource _leaving = new();

    private bool _viewerOnly = true;

    protected override async Task OnParametersSetAsync()
    {
        _viewerOnly = !Accounts.ConsoleClaims.HasRoleAtLeast((await AuthState).User, Accounts.ConsoleRole.Operator);
        _details = await Registry.GetDetailsAsync(Id);
        _loaded = true;
    }

    // Live: each probe of this server marks the page dirty; it reloads at most every ListThrottle.
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _subscription = Notifier.Subscribe(change =>
        {
            if (change.ServerId == Id)
                Interlocked.Exchange(ref _dirty, 1);
            return Task.CompletedTask;
        });
        _ = RefreshLoopAsync();
    }

    /// <summary>Viewers see URLs without user-info and query string.</summary>
    private ServerView Shown(ServerView server) => _viewerOnly ? server.ForViewer() : server;

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(ServerStatusStream.ListThrottle);
        try
        {
            var recheck = new ServerFreshness.Recheck(ServerStatusStream.ListThrottle);
            while (await timer.WaitForNextTickAsync(_leaving.Token))
            {
                // The state turns stale (and its age grows) without any push: judge it again every few seconds.
                if (recheck.Due() && _details is { Stored: { } stored } shown)
                {
                    _details = shown with { Effective = Core.Health.StateFreshness.Evaluate(stored, Clock.GetUtcNow()) };
                    await InvokeAsync(StateHasChanged);
                }

                if (Interlocked.Exchange(ref _dirty, 0) == 0)
                    continue;
                _details = await Registry.GetDetailsAsync(Id, ct: _leaving.Token);
                await InvokeAsync(StateHasChanged);
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

    public void Dispose()
    {
        _subscription?.Dispose();
        _leaving.Cancel();
        _leaving.Dispose();
    }

    private static string Secrets(IReadOnlyDictionary<string, string> map) =>
        map.Count == 0 ? "—" : string.Join(", ", map.Keys.Select(k => $"{k} = {SecretRedaction.Placeholder}"));

    private static string Resources(ServerView s) => (s.CpuCores, s.MemoryMb) switch
    {
        (null, null) => "—",
        var (cpu, mem) => string.Join(", ", new[] { cpu is null ? null : $"{cpu} CPU", mem is null ? null : $"{mem} MB" }.Where(x => x is not null)),
    };

    private async Task DeleteAsync()
    {
        if (_details is null)
            return;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete server",
            $"Delete '{_details.Server.Name}'? Its status, state history and catalog snapshots are deleted with it.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var result = await Registry.DeleteAsync(Id, RegistryActor.From((await AuthState).User));
        if (result.Succeeded || result.Outcome == RegistryOutcome.NotFound)
        {
            Snackbar.Add($"Deleted {_details.Server.Name}.", Severity.Success);
            Navigation.NavigateTo("servers");
        }
        else
        {
            Snackbar.Add(result.Message ?? "The server was not deleted.", Severity.Error);
        }
    }
}
