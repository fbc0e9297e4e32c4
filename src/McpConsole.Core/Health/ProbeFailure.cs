using McpConsole.Core.Text;

namespace McpConsole.Core.Health;

/// <summary>
/// Why a probe failed. <see cref="Detail"/> (e.g. "127.0.0.1:5100") and <see cref="StderrTail"/> come from the
/// server or the OS: untrusted text, to be shown as text only.
/// </summary>
public sealed record ProbeFailure(
    ProbeFailureKind Kind,
    string? Detail = null,
    int? ExitCode = null,
    string? StderrTail = null,
    int? HttpStatusCode = null)
{
    public const int MaxStderrTailLength = 500;

    public static ProbeFailure Timeout(string? detail = null) => new(ProbeFailureKind.Timeout, detail);
    public static ProbeFailure ConnectionRefused(string? endpoint = null) => new(ProbeFailureKind.ConnectionRefused, endpoint);
    public static ProbeFailure TransportClosed(int? exitCode, string? stderrTail) =>
        new(ProbeFailureKind.TransportClosed, ExitCode: exitCode, StderrTail: stderrTail);
    public static ProbeFailure Http(int statusCode, string? detail = null) =>
        statusCode is 401 or 403
            ? new(ProbeFailureKind.Unauthorized, detail, HttpStatusCode: statusCode)
            : new(ProbeFailureKind.HttpStatus, detail, HttpStatusCode: statusCode);
    public static ProbeFailure CommandNotFound(string command) => new(ProbeFailureKind.CommandNotFound, command);
    public static ProbeFailure InvalidUrl(string? url) => new(ProbeFailureKind.InvalidUrl, url);
    public static ProbeFailure Protocol(string detail) => new(ProbeFailureKind.ProtocolError, detail);
    public static ProbeFailure OtherError(string detail) => new(ProbeFailureKind.Other, detail);
    public static ProbeFailure DefinitionUnreadable(string reason) => new(ProbeFailureKind.DefinitionUnreadable, reason);

    /// <summary>Not transient: retrying soon will not help, so the state changes at once.</summary>
    public bool IsPersistent => Kind is ProbeFailureKind.Unauthorized or ProbeFailureKind.CommandNotFound or ProbeFailureKind.InvalidUrl
        or ProbeFailureKind.DefinitionUnreadable
        || (Kind == ProbeFailureKind.HttpStatus && HttpStatusCode is 401 or 403);

    public HealthState? PersistentState => !IsPersistent ? null
        : Kind is ProbeFailureKind.CommandNotFound or ProbeFailureKind.InvalidUrl or ProbeFailureKind.DefinitionUnreadable ? HealthState.Misconfigured
        : HealthState.Unauthorized;

    /// <summary>A short human description, e.g. "connection refused (127.0.0.1:5100)" or "process exited with code 3: boom".</summary>
    public string Describe() => Kind switch
    {
        ProbeFailureKind.Timeout => WithDetail("timed out"),
        ProbeFailureKind.ConnectionRefused => WithDetail("connection refused"),
        ProbeFailureKind.TransportClosed => DescribeClosed(),
        ProbeFailureKind.HttpStatus => WithDetail(HttpStatusCode is { } code ? $"HTTP {code}" : "HTTP error"),
        ProbeFailureKind.Unauthorized => WithDetail(HttpStatusCode is { } code ? $"unauthorized (HTTP {code})" : "unauthorized"),
        ProbeFailureKind.CommandNotFound => Detail is null ? "command not found" : $"command not found: {Detail}",
        ProbeFailureKind.InvalidUrl => Detail is null ? "invalid URL" : $"invalid URL: {Detail}",
        ProbeFailureKind.ProtocolError => Detail is null ? "protocol error" : $"protocol error: {Detail}",
        ProbeFailureKind.DefinitionUnreadable => Detail ?? "definition cannot be loaded",
        _ => Detail ?? "unknown error",
    };

    private string WithDetail(string text) => string.IsNullOrWhiteSpace(Detail) ? text : $"{text} ({Detail})";

    private string DescribeClosed()
    {
        var head = ExitCode is { } code ? $"process exited with code {code}" : WithDetail("transport closed");
        var tail = Tail(StderrTail);
        return tail.Length == 0 ? head : $"{head}: {tail}";
    }

    private static string Tail(string? stderr)
    {
        return SafeText.Tail((stderr ?? "").Trim(), MaxStderrTailLength + 1);
    }
}
