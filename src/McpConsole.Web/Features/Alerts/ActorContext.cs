using McpConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components.Authorization;

namespace McpConsole.Web.Features.Alerts;

/// <summary>The signed-in user's name for audit records, from a component's circuit.</summary>
public sealed class ActorContext(AuthenticationStateProvider auth)
{
    public async Task<string> NameAsync() => (await auth.GetAuthenticationStateAsync()).User.ActorName();
}
