namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The roles servers hold elsewhere in the console (failover groups), so probing judges each by its role: a standby
/// that says "not ready" is doing its job.
/// </summary>
public interface IServerRoles
{
    /// <summary>Servers that are standbys now.</summary>
    Task<IReadOnlySet<int>> StandbysAsync(CancellationToken ct);

    /// <summary>Calls <paramref name="changed"/> whenever a role may have changed (a group created, edited, failed over).</summary>
    IDisposable Subscribe(Action changed);
}
