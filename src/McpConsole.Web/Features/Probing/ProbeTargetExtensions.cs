using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Fleet;

namespace McpConsole.Web.Features.Probing;

/// <summary>How the probe ladder reads the registry's <see cref="ProbeTarget"/> (secrets in clear: never log it).</summary>
public static class ProbeTargetExtensions
{
    /// <summary>The deadline of one probe: the server's timeout, at least one second.</summary>
    public static TimeSpan Timeout(this ProbeTarget target) => TimeSpan.FromSeconds(Math.Max(1, target.Definition.TimeoutSeconds));

    /// <summary>Changes whenever anything that affects how the server is reached changes (cached sessions are then dropped).</summary>
    public static string ConnectionFingerprint(this ProbeTarget target)
    {
        var d = target.Definition;
        return string.Join('\u001f',
            d.Transport, d.Command, string.Join('\u001e', d.Arguments), d.WorkingDirectory, d.Url,
            Map(d.Environment), Map(d.Headers), string.Join('\u001e', d.PassThroughEnvironment));
    }

    private static string Map(IReadOnlyDictionary<string, string> map) =>
        string.Join('\u001e', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
}
