using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Infrastructure.Api;

/// <summary>
/// Browsers attach the login cookie to requests any same-site page makes (another port on localhost, a sibling
/// subdomain), and a plain HTML form can POST text/plain or form data without asking first. So a state-changing
/// /api call signed in by cookie must be JSON (which a page on another origin cannot send without a CORS preflight,
/// and the console allows none) or carry the antiforgery header. API-key calls are unaffected: a browser never adds
/// the key by itself.
/// </summary>
public static class CrossSiteGuard
{
    public static void UseCrossSiteGuard(this WebApplication app) =>
        app.UseWhen(http => IsStateChangingApiCall(http.Request), api => api.Use(async (http, next) =>
        {
            if (!SignedInByBrowser(http) || http.Request.HasJsonContentType() || await HasValidAntiforgeryHeaderAsync(http))
            {
                await next(http);
                return;
            }

            await Results.Problem(
                "Send this request as application/json (or with the antiforgery header): a signed-in browser's API calls that change state must be JSON.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON required").ExecuteAsync(http);
        }));

    /// <summary>GET /api/antiforgery: the header a signed-in browser's script sends instead of JSON (sets the antiforgery cookie).</summary>
    public static void MapAntiforgeryToken(this WebApplication app) =>
        app.MapGet("/api/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return new AntiforgeryHeader(tokens.HeaderName!, tokens.RequestToken!);
        }).RequireAuthorization(Policies.Viewer).WithTags("Accounts")
        .WithSummary("An antiforgery token for cookie-signed-in scripts that post something other than JSON.");

    private static bool IsStateChangingApiCall(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") &&
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method));

    /// <summary>Anything authenticated but not by an API key (today the login cookie) is guarded.</summary>
    private static bool SignedInByBrowser(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true } identity && identity.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName;

    private static async Task<bool> HasValidAntiforgeryHeaderAsync(HttpContext http)
    {
        var headerName = http.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName;
        return headerName is not null && http.Request.Headers.ContainsKey(headerName)
            && await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
    }
}

public sealed record AntiforgeryHeader(string HeaderName, string Token);
