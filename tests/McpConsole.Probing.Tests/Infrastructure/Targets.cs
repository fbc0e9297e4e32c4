using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Fleet;

namespace McpConsole.Probing.Tests.Infrastructure;

/// <summary>Probe targets as the registry hands them to probing.</summary>
public static class Targets
{
    private static int _nextId = 1000;

    public static ProbeTarget Http(string url, ServerTransport transport = ServerTransport.StreamableHttp, int timeoutSeconds = 10,
        int slowMs = 5000, bool checkHealth = false, IReadOnlyDictionary<string, string>? headers = null) =>
        new(Interlocked.Increment(ref _nextId), new ServerDefinition
        {
            Name = TestRun.Name("http-" + _nextId),
            Transport = transport,
            Url = url,
            Headers = headers ?? new Dictionary<string, string>(),
            TimeoutSeconds = timeoutSeconds,
            ProbeIntervalSeconds = 10,
        }, slowMs, checkHealth);

    public static ProbeTarget Stdio(string command, IReadOnlyList<string> arguments, int timeoutSeconds = 15, IReadOnlyDictionary<string, string>? env = null) =>
        new(Interlocked.Increment(ref _nextId), new ServerDefinition
        {
            Name = TestRun.Name("stdio-" + _nextId),
            Transport = ServerTransport.Stdio,
            Command = command,
            Arguments = arguments,
            Environment = env ?? new Dictionary<string, string>(),
            TimeoutSeconds = timeoutSeconds,
            ProbeIntervalSeconds = 30,
        }, 5000, false);

    /// <summary>The sample server over stdio (a child process), with its own extra arguments (faults).</summary>
    public static ProbeTarget SampleStdio(string label, params string[] args) =>
        Stdio("dotnet", [TestRun.ServerDll, "--stdio", "--name", TestRun.Name(label), .. args]);
}
