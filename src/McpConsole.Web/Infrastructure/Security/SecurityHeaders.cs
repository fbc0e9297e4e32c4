using System.Security.Cryptography;

namespace McpConsole.Web.Infrastructure.Security;

/// <summary>
/// Security headers on every response (pages, API, static files, error pages, the jobs dashboard): a
/// Content-Security-Policy that runs only the console's own script files plus the one inline script Blazor renders
/// (the import map, which carries this request's nonce), no plugins, no framing, no foreign base URL or form target;
/// plus nosniff, a referrer policy and X-Frame-Options for browsers that predate frame-ancestors.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "McpConsole.CspNonce";

    /// <summary>
    /// style-src keeps 'unsafe-inline': MudBlazor and Blazor set style attributes, ApexCharts adds its own style
    /// element. Styles cannot run script; script-src is what must stay closed.
    /// </summary>
    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>The nonce of this request's policy, for the inline script Blazor renders (the import map).</summary>
    public static string Nonce(HttpContext context) =>
        context.Items.TryGetValue(NonceKey, out var nonce) && nonce is string s ? s : "";

    /// <summary>First in the pipeline; the headers are set when the response starts, so error pages get them too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Hex, not base64: '+' would be written as &#x2B; in the attribute (the browser decodes it, readers may not).
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = Policy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
