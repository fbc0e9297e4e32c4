using McpConsole.Web.Features.Failover.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace McpConsole.Web.Features.Failover.Pages;

public sealed partial class FailoverGroupPage : IDisposable
{
    [Parameter] public int Id { get; set; }
    [CascadingParameter] public required Task<AuthenticationState> AuthState { get; set; }
    [Inject] public required FailoverGroups Groups { get; init; }
    [Inject] public required FailoverNotifier Notifier { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    private FailoverGroupView? _group;
    private IReadOnlyList<FailoverEventView> _events = [];
    private bool _loaded;
    private LiveRefresh? _live;

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
            _live = new LiveRefresh(Notifier, id => id == Id, async () => { await LoadAsync(); await InvokeAsync(StateHasChanged); });
    }

    private async Task LoadAsync()
    {
        _group = await Groups.GetAsync(Id);
        _events = _group is null ? [] : await Groups.TimelineAsync(Id, 100);
        _loaded = true;
    }

    private async Task FailOverAsync()
    {
        if (_group is not { } g)
            return;
        var candidates = g.Members.Where(m => m.Role == "standby").ToList();
        // Default target: the preferred primary when failed over (failback), else the first healthy standby.
        var target = candidates.FirstOrDefault(m => m.Preferred) ?? candidates.FirstOrDefault(m => m.Healthy) ?? candidates[0];
        var parameters = new DialogParameters<FailoverDialog>
        {
            { d => d.GroupId, Id },
            { d => d.Candidates, candidates },
            { d => d.DefaultTargetId, target.ServerId },
        };
        var dialog = await Dialogs.ShowAsync<FailoverDialog>($"Fail over {g.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: ManualResult result })
        {
            Snackbar.Add($"Done: {result.Message}.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task TogglePausedAsync()
    {
        if (_group is not { } g)
            return;
        var result = await Groups.UpdateAsync(Id, new FailoverGroupInput { Enabled = !g.Enabled }, Actor(await AuthState));
        if (!result.Succeeded)
            Snackbar.Add(result.Message ?? "Not changed.", Severity.Error);
        await LoadAsync();
    }

    private async Task DeleteAsync()
    {
        if (_group is not { } g)
            return;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove failover group",
            $"Remove '{g.Name}'? Checks stop; the servers keep their current roles ({g.Active?.Name ?? "none"} stays primary) and the timeline is deleted.",
            yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
            return;
        await Groups.DeleteAsync(Id, Actor(await AuthState));
        Snackbar.Add($"Removed {g.Name}.", Severity.Success);
        Navigation.NavigateTo("failover");
    }

    private static string Actor(AuthenticationState state) => Accounts.ConsoleClaims.ActorName(state.User);

    public void Dispose() => _live?.Dispose();
}
