using System.ComponentModel;
using McpConsole.SampleServer.Health;
using McpConsole.SampleServer.Hosting;
using ModelContextProtocol.Server;

namespace McpConsole.SampleServer.Tools;

[McpServerResourceType]
public sealed class SampleResources
{
    [McpServerResource(UriTemplate = "health://status", Name = "health-status", MimeType = "application/json")]
    [Description("Health of this server: status, server, version, uptime (s), memory_usage (MB), active_connections, dependencies.")]
    public static string HealthStatus(HealthReporter health) => health.CheckJson();

    [McpServerResource(UriTemplate = "sample://about", Name = "about", MimeType = "text/plain")]
    [Description("What this server is.")]
    public static string About(SampleServerOptions options) =>
        $"{options.Name}: the McpConsole sample MCP server, version {HealthReporter.Version}.";
}

[McpServerPromptType]
public sealed class SamplePrompts
{
    [McpServerPrompt(Name = "summarize"), Description("Asks the model to summarize a text.")]
    public static string Summarize([Description("Text to summarize.")] string text) => $"Summarize in one sentence:\n{text}";
}
