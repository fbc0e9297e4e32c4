namespace McpConsole.Web.Features.Demo;

/// <summary>One demo server: how it is started and how it is registered.</summary>
public sealed record DemoServer(
    string Name, string Group, string Location, string[] Tags, string[] ExtraArgs,
    bool Stdio = false, bool CheckHttpEndpoints = false, double CpuCores = 0.5, int MemoryMb = 256);

/// <summary>
/// The demo fleet: the seed's deployment patterns in miniature. Two locations (on-premise, cloud), a host with
/// several servers, a primary/standby pair, one slow server, one that degrades now and then, one over stdio.
/// </summary>
public static class DemoFleetPlan
{
    public const string FlakyServer = "demo-flaky";
    public const string PrimaryServer = "demo-primary";
    public const string StandbyServer = "demo-standby";

    public static readonly IReadOnlyList<DemoServer> Servers =
    [
        new("demo-files", "host-a", "on-premise", ["demo", "files"], [], CheckHttpEndpoints: true),
        new(PrimaryServer, "host-b", "on-premise", ["demo", "pair"], ["--role", "primary"], CheckHttpEndpoints: true, CpuCores: 1, MemoryMb: 512),
        new(StandbyServer, "host-b", "on-premise", ["demo", "pair"], ["--role", "standby"], CpuCores: 1, MemoryMb: 512),
        new("demo-search", "cloud-east", "cloud", ["demo", "search"], ["--fault-latency-ms", "120"], CpuCores: 2, MemoryMb: 1024),
        new(FlakyServer, "cloud-east", "cloud", ["demo", "flaky"], [], CheckHttpEndpoints: true),
        new("demo-stdio", "host-a", "on-premise", ["demo", "stdio"], [], Stdio: true),
    ];
}
