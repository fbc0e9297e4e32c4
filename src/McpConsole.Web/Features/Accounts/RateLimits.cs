using System.Globalization;
using System.Threading.RateLimiting;
using McpConsole.Web.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;

namespace McpConsole.Web.Features.Accounts;

/// <summary>
/// ASP.NET Core's rate limiter on the login form, per client address: a password guesser gets 429 with Retry-After long
/// before the account lock-out matters. Failed API-key attempts are limited in the key handler (<see cref="AuthFailureLimiter"/>).
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddConsoleRateLimits(this IServiceCollection services, SecurityOptions security)
    {
        services.AddSingleton<AuthFailureLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsLoginPost(http.Request)
                ? RateLimitPartition.GetFixedWindowLimiter("login:" + ClientAddress.Of(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = security.LoginAttemptsPerWindow,
                    Window = security.RateLimitWindow,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : security.RateLimitWindow;
                SetRetryAfter(context.HttpContext.Response, wait);
                await context.HttpContext.Response.WriteAsync(
                    $"Too many login attempts from this address; try again in {RetryAfterSeconds(wait)} seconds.", ct);
            };
        });
        return services;
    }

    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);

    private static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static bool IsLoginPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Failed API-key authentications per client address (a fixed window of <see cref="SecurityOptions.AuthFailuresPerWindow"/>):
/// once used up, requests from that address that carry a key get 429 without the key being looked up or audited.
/// </summary>
public sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public AuthFailureLimiter(Microsoft.Extensions.Options.IOptions<ConsoleOptions> options)
    {
        var security = options.Value.Security;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = security.AuthFailuresPerWindow, Window = security.RateLimitWindow, QueueLimit = 0 }));
        Window = security.RateLimitWindow;
    }

    private TimeSpan Window { get; }

    /// <summary>How long the address must wait, or null when it may try a key.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        // Zero permits asks whether any are left without using one.
        using var lease = _failures.AttemptAcquire(address, 0);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
    }

    public void RecordFailure(string address)
    {
        using var _ = _failures.AttemptAcquire(address);
    }

    public void Dispose() => _failures.Dispose();
}
