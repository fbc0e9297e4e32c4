namespace McpConsole.Core.Fleet;

/// <summary>
/// A URL as shown to those who may not see credentials: user-info and query string (where tokens ride, as in
/// Slack-style webhook and <c>?api_key=</c> URLs) replaced by <see cref="SecretRedaction.Placeholder"/>.
/// </summary>
public static class UrlRedaction
{
    public static string? Redact(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsAbsoluteUri)
            return SecretRedaction.Placeholder;
        var userInfo = uri.UserInfo.Length > 0 ? SecretRedaction.Placeholder + "@" : "";
        var query = uri.Query.Length > 1 ? "?" + SecretRedaction.Placeholder : "";
        return $"{uri.Scheme}://{userInfo}{uri.Authority}{uri.AbsolutePath}{query}";
    }

    /// <summary>Scheme, host and port only, then the placeholder: for URLs whose path is itself the token (webhooks).</summary>
    public static string? OriginOnly(string? url) =>
        string.IsNullOrEmpty(url) ? url
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/{SecretRedaction.Placeholder}"
        : SecretRedaction.Placeholder;

    /// <summary>Scheme, host and port (the port the scheme implies when none is written), lower case; null when not a URL.</summary>
    public static string? Origin(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Origin(uri) : null;

    /// <summary>scheme://host:port, without path, query or user-info (an international host name in its ASCII form), lower case.</summary>
    public static string Origin(Uri uri) => $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}".ToLowerInvariant();
}
