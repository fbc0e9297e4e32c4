namespace McpConsole.Web.Features.Demo;

/// <summary>McpConsole:Demo. `--demo` on the command line sets Enabled.</summary>
public sealed class DemoOptions
{
    public const string Section = "McpConsole:Demo";

    /// <summary>Start and register a fleet of real sample MCP servers, stopped with the console.</summary>
    public bool Enabled { get; set; }

    /// <summary>McpConsole.SampleServer.dll; found next to the source tree's build output when empty.</summary>
    public string? SampleServerPath { get; set; }

    /// <summary>How often the "flaky" demo server turns degraded (and back, half-way).</summary>
    public TimeSpan FlakyPeriod { get; set; } = TimeSpan.FromMinutes(3);
}
