using System.Security.Claims;
using System.Text.Encodings.Web;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.ApiKeys;

/// <summary>Authenticates "X-Api-Key: KEY" or "Authorization: Bearer KEY" (what Prometheus sends).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    AuthFailureLimiter failures) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private TimeSpan? _retryAfter;
    private bool _storeUnavailable;

    public static bool CarriesKey(HttpRequest request) => ReadKey(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ReadKey(Request);
        if (secret is null)
            return AuthenticateResult.NoResult();

        var address = ClientAddress.Of(Context);
        if (failures.RetryAfter(address) is { } wait)
        {
            _retryAfter = wait;
            return AuthenticateResult.Fail("Too many failed API key attempts from this address.");
        }

        ApiKey? key;
        try
        {
            key = await keys.AuthenticateAsync(secret, Context.Connection.RemoteIpAddress?.ToString(), Context.RequestAborted);
        }
        catch (Exception ex) when (StorageUnavailable.Is(ex))
        {
            // The database is away (e.g. PostgreSQL restarting): not the caller's fault, and /health and /ready must still answer.
            Logger.LogWarning("API key not checked: the database is unavailable ({Error})", ex.Message);
            _storeUnavailable = true;
            return AuthenticateResult.Fail("API keys cannot be checked right now: the database is unavailable.");
        }

        if (key is null)
        {
            failures.RecordFailure(address);
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "apikey:" + key.Id),
            new Claim(ClaimTypes.Name, ApiKeyService.ActorOf(key)),
            new Claim(ClaimTypes.Role, key.Role.ToString()),
            new Claim(ConsoleClaims.AuthMethod, "apikey"),
            new Claim(ConsoleClaims.ApiKeyId, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>A rate-limited address gets 429 with Retry-After instead of 401; a key that could not be checked, 503.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_storeUnavailable)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            RateLimits.SetRetryAfter(Response, TimeSpan.FromSeconds(5));
            return Task.CompletedTask;
        }

        if (_retryAfter is not { } wait)
            return base.HandleChallengeAsync(properties);
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        RateLimits.SetRetryAfter(Response, wait);
        return Task.CompletedTask;
    }

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
            return header.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }
}
