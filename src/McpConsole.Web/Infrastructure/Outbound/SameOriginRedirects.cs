using System.Net;
using McpConsole.Core.Fleet;

namespace McpConsole.Web.Infrastructure.Outbound;

/// <summary>
/// Follows redirects within the request's origin (scheme, host and port), at most <paramref name="maxRedirects"/>;
/// a redirect to any other origin is refused with the reason, so headers and credentials meant for one host never
/// reach another, and an allowed host cannot bounce the console to a refused one.
/// </summary>
public sealed class SameOriginRedirects(int maxRedirects) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        for (var followed = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; followed++)
        {
            var from = request.RequestUri!;
            var to = location.IsAbsoluteUri ? location : new Uri(from, location);
            response.Dispose();
            if (!string.Equals(Origin(from), Origin(to), StringComparison.OrdinalIgnoreCase))
                throw new OutboundRefusedException($"{OutboundRefusedException.Prefix}{Origin(from)} redirected to {Origin(to)}, another origin; " +
                    "redirects are followed only within one origin (enter the final URL instead)");
            if (followed >= maxRedirects)
                throw new OutboundRefusedException($"{OutboundRefusedException.Prefix}{Origin(from)} redirected more than {maxRedirects} times");

            request.RequestUri = to;
            if (response.StatusCode == HttpStatusCode.SeeOther
                || (response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && request.Method == HttpMethod.Post))
            {
                request.Method = HttpMethod.Get;
                request.Content = null;
            }

            response = await base.SendAsync(request, cancellationToken);
        }

        return response;
    }

    /// <summary>What audit rows and reasons show of a URL: <see cref="UrlRedaction.Origin(Uri)"/>.</summary>
    public static string Origin(Uri uri) => UrlRedaction.Origin(uri);

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MultipleChoices or HttpStatusCode.MovedPermanently
        or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
