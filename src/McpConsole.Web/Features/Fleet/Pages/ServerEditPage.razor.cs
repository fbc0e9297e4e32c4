using McpConsole.Core.Fleet;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace McpConsole.Web.Features.Fleet.Pages;

public sealed partial class ServerEditPage
{
    [Parameter] public int? Id { get; set; }
    [CascadingParameter] public required Task<AuthenticationState> AuthState { get; set; }
    [Inject] public required ServerRegistry Registry { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    private ServerForm? _form;
    private string? _originalName;
    private bool _isAdmin;
    private bool _wasStdio;
    private bool _notFound;
    private bool _saving;
    private string? _message;
    private string? _dropped;
    private Dictionary<string, List<string>> _errors = [];

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthState).User;
        _isAdmin = Accounts.ConsoleClaims.HasRoleAtLeast(user, Accounts.ConsoleRole.Admin);
        if (Id is not { } id)
        {
            _form = new ServerForm();
            return;
        }

        var view = await Registry.GetAsync(id);
        _notFound = view is null;
        if (view is not null)
        {
            _form = ServerForm.From(view);
            _originalName = view.Name;
            _wasStdio = view.Transport == ServerTransport.Stdio;
        }
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.TryGetValue(field, out var messages) ? string.Join("; ", messages) : null;

    private async Task SaveAsync()
    {
        if (_form is null)
            return;
        _saving = true;
        _message = null;
        _dropped = null;
        try
        {
            var actor = RegistryActor.From((await AuthState).User);
            var result = Id is { } id
                ? await Registry.UpdateAsync(id, _form.ToInput(), actor)
                : await Registry.CreateAsync(_form.ToInput(), actor);
            _errors = result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToList());
            if (result.Succeeded && result.Value!.DroppedSecrets is { Count: > 0 } dropped)
            {
                // Stay on the form: the operator must see what was dropped and may enter it again.
                _form = ServerForm.From(result.Value);
                _dropped = string.Join(", ", dropped);
                return;
            }

            if (result.Succeeded)
            {
                Navigation.NavigateTo($"servers/{result.Value!.Id}");
                return;
            }

            _message = result.Outcome switch
            {
                RegistryOutcome.NotFound => "This server was deleted meanwhile.",
                RegistryOutcome.Forbidden => result.Message,
                _ => "Please correct the highlighted fields.",
            };
        }
        finally
        {
            _saving = false;
        }
    }
}
