using McpConsole.Core.Health;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The stdio server's process is not running: it exited (see <see cref="Failure"/>: exit code, stderr tail) and the
/// supervisor waits until <see cref="RestartAt"/> before starting it again.
/// </summary>
public sealed class StdioUnavailableException(ProbeFailure failure, DateTimeOffset? restartAt)
    : Exception(failure.Describe())
{
    public ProbeFailure Failure { get; } = failure;
    public DateTimeOffset? RestartAt { get; } = restartAt;
}
