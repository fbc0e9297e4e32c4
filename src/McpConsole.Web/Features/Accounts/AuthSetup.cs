using McpConsole.Web.Features.ApiKeys;
using McpConsole.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace McpConsole.Web.Features.Accounts;

public static class AuthSetup
{
    private const string CookieOrKey = "CookieOrApiKey";

    /// <summary>
    /// Cookie login for people, API keys for automation. Everything requires one of them (fallback policy);
    /// endpoints opt out explicitly with AllowAnonymous (/health, /ready, /login, static files).
    /// </summary>
    public static IHostApplicationBuilder AddConsoleAuth(this IHostApplicationBuilder builder)
    {
        var security = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>()?.Security ?? new SecurityOptions();
        var services = builder.Services;

        services.AddAuthentication(CookieOrKey)
            .AddPolicyScheme(CookieOrKey, "Cookie or API key", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.CarriesKey(context.Request)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = ".McpConsole.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = security.SessionIdleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/access-denied";
                o.Events.OnRedirectToLogin = context => AnswerMachinesWithStatus(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => AnswerMachinesWithStatus(context, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorization(Policies.Configure);
        services.AddConsoleRateLimits(security);

        services.AddCascadingAuthenticationState();
        services.AddSingleton<IPasswordHasher<ConsoleUser>, PasswordHasher<ConsoleUser>>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<ApiKeyService>();
        return builder;
    }

    /// <summary>APIs, /metrics and the jobs dashboard get a status code; browsers on pages get the login page.</summary>
    private static Task AnswerMachinesWithStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachineEndpoint(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsMachineEndpoint(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/jobs");
}
