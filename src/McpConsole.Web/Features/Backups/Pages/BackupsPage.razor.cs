using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Backups.Plans;
using McpConsole.Web.Features.Backups.Sources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace McpConsole.Web.Features.Backups.Pages;

public partial class BackupsPage
{
    [Inject] public required BackupService Backups { get; init; }
    [Inject] public required BackupStore Store { get; init; }
    [Inject] public required SourceCatalog Sources { get; init; }
    [Inject] public required IServiceProvider Services { get; init; }
    [Inject] public required AuthenticationStateProvider Auth { get; init; }

    private IReadOnlyList<BackupView>? _backups;
    private IReadOnlyList<SourceView> _sources = [];
    private IReadOnlyList<BackupEvent> _events = [];
    private string _sourceKey = SourceRef.ConsoleDatabaseKey;
    private BackupProgress? _progress;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private RestorePreviewView? _preview;
    private bool _busy;
    private string? _confirmDelete;
    private DateTime _lastRender;

    protected override async Task OnInitializedAsync() => await ReloadAsync();

    private async Task ReloadAsync()
    {
        _sources = await Sources.ListAsync(CancellationToken.None);
        _backups = Backups.List();
        _events = await ActivatorUtilities.CreateInstance<BackupJobs>(Services).RecentEventsAsync(5, CancellationToken.None);
    }

    private async Task<string> ActorAsync() => (await Auth.GetAuthenticationStateAsync()).User.ActorName();

    private async Task BackupNowAsync()
    {
        await RunAsync(async () =>
        {
            var (backup, error) = await Backups.BackupNowAsync(_sourceKey, await ActorAsync(), Report, CancellationToken.None);
            Show(backup is null ? error! : $"Backup {backup.Id}: {backup.Status}, {FormatSize(backup.Size)}", backup is { Status: "Verified" } ? Severity.Success : Severity.Error);
        });
    }

    private async Task VerifyAsync(string id)
    {
        await RunAsync(async () =>
        {
            var state = await Backups.VerifyAsync(id, await ActorAsync(), Report, CancellationToken.None);
            Show(state is null ? "That backup no longer exists." : state.Status == BackupStatus.Verified ? $"{id} verified: every checksum matches."
                : $"{id} is corrupt and can never be restored: {string.Join("; ", state.Problems)}", state?.Status == BackupStatus.Verified ? Severity.Success : Severity.Error);
        });
    }

    private async Task OpenRestoreAsync(string id)
    {
        _preview = await Backups.PreviewAsync(id, CancellationToken.None);
        _message = null;
    }

    private async Task RestoreAsync(string confirmation)
    {
        var id = _preview!.Backup.Id;
        await RunAsync(async () =>
        {
            var user = (await Auth.GetAuthenticationStateAsync()).User;
            if (Backups.Get(id) is { } backup && !user.MayRestore(backup))
            {
                Show($"Restoring this backup takes the {BackupPermissions.RequiredToRestore(backup)} role.", Severity.Error);
                return;
            }

            var outcome = await Backups.RestoreAsync(id, confirmation, await ActorAsync(), Report, CancellationToken.None);
            if (outcome.Succeeded)
            {
                _preview = null;
                Show($"Restored {id} ({outcome.FileCount} file(s)). The state before the restore is kept as safety backup {outcome.SafetyBackupId}.", Severity.Success);
            }
            else
                Show("Restore refused, nothing was changed: " + outcome.Error, Severity.Error);
        });
    }

    private async Task DeleteAsync(string id)
    {
        _confirmDelete = null;
        await RunAsync(async () =>
        {
            var user = (await Auth.GetAuthenticationStateAsync()).User;
            if (Backups.Get(id) is { } backup && !user.MayDelete(backup))
            {
                await Backups.RecordRefusedDeleteAsync(id, user.ActorName());
                Show($"Deleting this backup takes the {BackupPermissions.RequiredToDelete(backup)} role.", Severity.Error);
                return;
            }

            Show(await Backups.DeleteAsync(id, user.ActorName(), CancellationToken.None) ? $"Deleted {id}." : "That backup no longer exists.", Severity.Info);
        });
    }

    private async Task RunAsync(Func<Task> work)
    {
        _busy = true;
        _message = null;
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Show("The operation failed: " + ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
            _progress = null;
            await ReloadAsync();
        }
    }

    private void Report(BackupProgress progress)
    {
        _progress = progress;
        // At most ~10 redraws a second, however fast the bytes move.
        if (DateTime.UtcNow - _lastRender < TimeSpan.FromMilliseconds(100))
            return;
        _lastRender = DateTime.UtcNow;
        _ = InvokeAsync(StateHasChanged);
    }

    private void Show(string message, Severity severity)
    {
        _message = message;
        _messageSeverity = severity;
    }

    internal static string FormatSize(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };

    private static double Percent(BackupProgress p) => p.TotalBytes is > 0 ? Math.Min(100, 100.0 * p.Bytes / p.TotalBytes.Value) : 0;

    private static Color StatusColor(string status) => status switch
    {
        nameof(BackupStatus.Verified) => Color.Success,
        nameof(BackupStatus.Corrupt) => Color.Error,
        _ => Color.Default,
    };
}
