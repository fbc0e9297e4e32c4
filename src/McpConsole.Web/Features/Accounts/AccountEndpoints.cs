using McpConsole.Web.Features.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace McpConsole.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        // A form POST with an antiforgery token (see the layout's logout button); GET must not log anyone out.
        app.MapPost("/logout", async (HttpContext http, AuditLog audit, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest("The logout form expired; reload the page and try again.");
            await audit.RecordAsync(new(http.User.ActorName(), "auth.logout", RemoteAddress: http.Connection.RemoteIpAddress?.ToString()));
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        app.MapGet("/api/me", (HttpContext http) => new CallerView(
            http.User.ActorName(), http.User.Role()?.ToString(), http.User.FindFirst(ConsoleClaims.AuthMethod)?.Value)).RequireAuthorization(Policies.Viewer).WithTags("Accounts").WithSummary("Who the caller is and what role it has.");

        var users = app.MapGroup("/api/users").WithTags("Accounts").RequireAuthorization(Policies.Admin);
        users.MapGet("/", async (AccountService accounts) => (await accounts.ListAsync()).Select(UserView.From));
        users.MapPost("/", async (NewUser body, AccountService accounts, HttpContext http) =>
        {
            try
            {
                var user = await accounts.CreateUserAsync(body.UserName, body.Password, body.Role, http.User.ActorName());
                return Results.Created($"/api/users/{user.Id}", UserView.From(user));
            }
            catch (AccountException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "The user was not created");
            }
        });
    }
}

public sealed record NewUser(string UserName, string Password, ConsoleRole Role);

public sealed record UserView(int Id, string UserName, ConsoleRole Role, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt, DateTimeOffset? LockedUntil, bool Disabled)
{
    public static UserView From(ConsoleUser u) => new(u.Id, u.UserName, u.Role, u.CreatedAt, u.LastLoginAt, u.LockedUntil, u.Disabled);
}

/// <summary>GET /api/me: who the caller is, its role and how it signed in (cookie or API key).</summary>
public sealed record CallerView(string Name, string? Role, string? AuthenticatedBy);
