namespace McpConsole.Web.Infrastructure.Outbound;

/// <summary>
/// What audit rows say of a URL: its origin only. Paths, query strings and user-info can carry tokens (a Slack-style
/// webhook is one), so they never reach the audit log.
/// </summary>
public static class UrlOrigins
{
    public static string Of(string? url) =>
        string.IsNullOrWhiteSpace(url) ? "none"
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? SameOriginRedirects.Origin(uri)
        : "(not an http URL)";

    /// <summary>"webhook http://a:80 -> http://b:8080", or null when the URL did not change.</summary>
    public static string? Change(string label, string? before, string? after) =>
        string.Equals(before ?? "", after ?? "", StringComparison.Ordinal) ? null
        : Of(before) == Of(after) && before is not null && after is not null ? $"{label} changed within {Of(after)}"
        : $"{label} {Of(before)} -> {Of(after)}";
}
