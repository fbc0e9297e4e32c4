using McpConsole.Core.Failover;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace McpConsole.Web.Features.Failover.Components;

public sealed partial class FailoverDialog
{
    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }
    [CascadingParameter] public required Task<AuthenticationState> AuthState { get; set; }
    [Inject] public required FailoverCoordinator Coordinator { get; init; }

    [Parameter, EditorRequired] public int GroupId { get; set; }
    [Parameter, EditorRequired] public IReadOnlyList<FailoverMemberView> Candidates { get; set; } = [];
    [Parameter] public int DefaultTargetId { get; set; }

    private int _targetId;
    private ManualPreview? _preview;
    private bool _loading;
    private bool _busy;
    private string? _error;

    private string ConfirmLabel => _preview?.Plan.Kind switch
    {
        PromotionKind.Switchover => "Confirm switchover",
        PromotionKind.Failback => "Confirm failback",
        _ => "Confirm failover",
    };

    protected override async Task OnInitializedAsync() => await TargetChangedAsync(DefaultTargetId);

    private async Task TargetChangedAsync(int targetId)
    {
        _targetId = targetId;
        _preview = null;
        _error = null;
        _loading = true;
        StateHasChanged();
        _preview = await Coordinator.PreviewAsync(GroupId, targetId, CancellationToken.None);
        if (_preview is null)
            _error = "This group no longer exists.";
        _loading = false;
    }

    public static string Summary(ManualPreview p) => p.Plan.Kind switch
    {
        PromotionKind.Switchover => $"Switchover: {p.FormerPrimaryName} is demoted to standby first, then {p.TargetName} is promoted to primary at epoch {p.Plan.NewEpoch}.",
        PromotionKind.Failback when p.Plan.DemoteFirst => $"Failback: {p.FormerPrimaryName} is demoted first, then {p.TargetName} (the preferred primary) is promoted at epoch {p.Plan.NewEpoch}.",
        PromotionKind.Failback => $"Failback: {p.TargetName} (the preferred primary) is promoted at epoch {p.Plan.NewEpoch}; {p.FormerPrimaryName} does not answer and is demoted when it returns.",
        _ => $"Failover: {p.TargetName} is promoted to primary at epoch {p.Plan.NewEpoch}; {p.FormerPrimaryName} does not answer and is demoted at that epoch when it returns.",
    } + (p.Plan.Allowed ? "" : " Not possible now: a pre-check failed.");

    private async Task ConfirmAsync()
    {
        if (_preview is not { Plan.Allowed: true } p)
            return;
        _busy = true;
        _error = null;
        var actor = Accounts.ConsoleClaims.ActorName((await AuthState).User);
        var result = await Coordinator.ExecuteAsync(GroupId, _targetId, p.ExpectedEpoch, actor, CancellationToken.None);
        _busy = false;
        if (result.Outcome == ManualOutcome.Done)
            Dialog.Close(DialogResult.Ok(result));
        else
            _error = result.Message;
    }
}
