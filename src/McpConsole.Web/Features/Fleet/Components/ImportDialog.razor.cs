using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace McpConsole.Web.Features.Fleet.Components;

public sealed partial class ImportDialog
{
    private const long MaxFileBytes = 1024 * 1024;

    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }
    [CascadingParameter] public required Task<AuthenticationState> AuthState { get; set; }
    [Inject] public required ServerRegistry Registry { get; init; }

    public string? Json { get; set; }
    public ImportPreview? Preview { get; private set; }
    public string? Error { get; private set; }
    private bool _busy;
    private bool _isAdmin;
    private string? _previewedJson;

    private bool HasChanges => Preview is { } p && (p.New.Count > 0 || p.Changed.Count > 0);

    protected override async Task OnInitializedAsync() =>
        _isAdmin = Accounts.ConsoleClaims.HasRoleAtLeast((await AuthState).User, Accounts.ConsoleRole.Admin);

    private async Task LoadFileAsync(IBrowserFile? file)
    {
        if (file is null)
            return;
        if (file.Size > MaxFileBytes)
        {
            Error = "The file is larger than 1 MiB.";
            return;
        }

        using var reader = new StreamReader(file.OpenReadStream(MaxFileBytes));
        Json = await reader.ReadToEndAsync();
        await PreviewAsync();
    }

    private Task PreviewAsync() => RunAsync(dryRun: true);

    private Task ApplyAsync() => RunAsync(dryRun: false);

    private async Task RunAsync(bool dryRun)
    {
        if (string.IsNullOrWhiteSpace(Json))
            return;
        if (!dryRun && _previewedJson != Json)
        {
            // The text changed since the preview: show the new plan first.
            dryRun = true;
        }

        _busy = true;
        Error = null;
        try
        {
            var result = await Registry.ImportAsync(Json, dryRun, RegistryActor.From((await AuthState).User));
            Preview = result.Preview;
            _previewedJson = Json;
            Error = result.Error is { } e ? $"Refused, nothing was imported: line {e.Line}, column {e.Column}: {e.Reason}"
                : result.Outcome == RegistryOutcome.Ok ? null
                : $"{result.Message} {string.Join("; ", result.Errors.Select(x => x.Message))}".Trim();
            if (result.Outcome != RegistryOutcome.Ok)
                Preview = null;
            if (Preview is { Applied: true })
                Dialog.Close(DialogResult.Ok(Preview));
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
