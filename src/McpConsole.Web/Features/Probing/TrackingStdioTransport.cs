using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Fleet;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The SDK's <see cref="StdioClientTransport"/>, plus the PID of the process it spawns: found right after the spawn
/// among this process's new children by command line, so it can be recorded before the handshake can hang.
/// </summary>
internal sealed class TrackingStdioTransport(
    StdioClientTransportOptions options, ServerDefinition definition, Func<IReadOnlyCollection<int>> claimed, ILoggerFactory loggerFactory) : IClientTransport
{
    private readonly StdioClientTransport _inner = new(options, loggerFactory);

    public string Name => _inner.Name;

    /// <summary>The spawned process, once connected (null when it could not be identified).</summary>
    public int? ProcessId { get; private set; }

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var before = ProcessTable.IsSupported ? ProcessTable.Children().ToHashSet() : [];
        var transport = await _inner.ConnectAsync(cancellationToken);
        if (ProcessTable.IsSupported)
        {
            ProcessId = FindSpawned(before);
        }

        return transport;
    }

    private int? FindSpawned(HashSet<int> before)
    {
        var taken = claimed();
        var candidates = ProcessTable.Children().Where(pid => !before.Contains(pid) && !taken.Contains(pid)).ToList();
        var command = definition.Command ?? "";
        var match = candidates.FirstOrDefault(pid => ProcessTable.Matches(ProcessTable.CommandLine(pid), command, definition.Arguments));
        return match != 0 ? match : candidates.Count == 1 ? candidates[0] : null;
    }
}
