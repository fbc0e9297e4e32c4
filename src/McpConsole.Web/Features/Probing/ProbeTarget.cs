using McpConsole.Core.Fleet;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// What the probe ladder needs to probe one server: its registry definition with secrets already decrypted
/// (never log <see cref="Definition"/>'s environment or header values).
/// </summary>
public sealed record ProbeTarget(int ServerId, ServerDefinition Definition, int SlowThresholdMs = 2000, bool CheckHttpHealthEndpoints = false)
{
    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, Definition.TimeoutSeconds));

    /// <summary>Changes whenever anything that affects how the server is reached changes (cached sessions are then dropped).</summary>
    public string ConnectionFingerprint { get; } = Fingerprint(Definition);

    private static string Fingerprint(ServerDefinition d) => string.Join('\u001f',
        d.Transport, d.Command, string.Join('\u001e', d.Arguments), d.WorkingDirectory, d.Url,
        string.Join('\u001e', d.Environment.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)),
        string.Join('\u001e', d.Headers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
}
