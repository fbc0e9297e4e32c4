using McpConsole.SampleServer.Hosting;

namespace McpConsole.SampleServer.Failover;

/// <summary>
/// Role and epoch of this server. A role change carries an epoch; an epoch older than the last accepted one is
/// refused (fencing), and so is a different role at the same epoch. Repeating the last change is accepted.
/// </summary>
public sealed class FailoverState(SampleServerOptions options)
{
    private readonly Lock _lock = new();

    public ServerRole Role { get; private set; } = options.Role;

    public long Epoch { get; private set; }

    public bool IsReady => Role == ServerRole.Primary;

    public RoleChange TryChange(ServerRole role, long epoch)
    {
        lock (_lock)
        {
            if (epoch < Epoch || (epoch == Epoch && role != Role))
                return new RoleChange(false, Role, Epoch);
            Role = role;
            Epoch = epoch;
            return new RoleChange(true, Role, Epoch);
        }
    }
}

public sealed record RoleChange(bool Accepted, ServerRole Role, long Epoch);
