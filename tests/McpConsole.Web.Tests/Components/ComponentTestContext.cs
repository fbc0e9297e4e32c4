using System.Security.Claims;
using Bunit;
using McpConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace McpConsole.Web.Tests.Components;

/// <summary>bunit with MudBlazor and the console's real authorization policies, signed in as the given role.</summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    protected ComponentTestContext()
    {
        Services.AddMudServices();
        Services.AddAuthorizationCore(Policies.Configure);
        // bunit pre-registers a placeholder that asks for its fake; the real service evaluates the real policies.
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddCascadingAuthenticationState();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected void SignInAs(string name, ConsoleRole role) =>
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationState(ConsoleClaims.ForUser(
            new ConsoleUser { Id = 1, UserName = name, PasswordHash = "", Role = role }, "test")));

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private sealed class FixedAuthenticationState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
