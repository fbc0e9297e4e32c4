using System.ComponentModel;
using McpConsole.SampleServer.Failover;
using McpConsole.SampleServer.Hosting;
using ModelContextProtocol.Server;

namespace McpConsole.SampleServer.Tools;

[McpServerToolType]
public sealed class SampleTools
{
    [McpServerTool(Name = "echo", ReadOnly = true, Idempotent = true), Description("Echoes the message back.")]
    public static string Echo([Description("Text to echo.")] string message) => message;

    [McpServerTool(Name = "add", ReadOnly = true, Idempotent = true), Description("Adds two integers.")]
    public static long Add([Description("First addend.")] long a, [Description("Second addend.")] long b) => a + b;

    [McpServerTool(Name = "slow", ReadOnly = true), Description("Waits for the given duration, then answers. Honours cancellation.")]
    public static async Task<string> Slow([Description("Duration in milliseconds (0..600000).")] int durationMs, CancellationToken cancellationToken)
    {
        if (durationMs is < 0 or > 600_000) throw new ArgumentOutOfRangeException(nameof(durationMs), "0..600000");
        await Task.Delay(durationMs, cancellationToken);
        return $"waited {durationMs} ms";
    }

    [McpServerTool(Name = "server_info", ReadOnly = true), Description("Name, version, role and epoch of this server.")]
    public static string ServerInfo(SampleServerOptions options, FailoverState failover) =>
        $"{options.Name} {Health.HealthReporter.Version} role={FailoverEndpoints.Name(failover.Role)} epoch={failover.Epoch}";
}
