using System.Text.Json;
using McpConsole.SampleServer.Hosting;

namespace McpConsole.SampleServer.Failover;

/// <summary>
/// Role and epoch of this server. A role change carries an epoch; an epoch older than the last accepted one is
/// refused (fencing), and so is a different role at the same epoch. Repeating the last change is accepted.
/// With a state file (--state-file) every accepted change is written before it is answered, and a restart comes back
/// as standby at the stored epoch: a primary that crashed and was restarted with "--role primary" by a supervisor
/// never claims primary again on its own, and a demotion at an old epoch is still refused after the restart.
/// </summary>
public sealed class FailoverState
{
    private readonly Lock _lock = new();
    private readonly string? _stateFile;

    public FailoverState(SampleServerOptions options)
    {
        _stateFile = options.StateFile;
        Role = options.Role;
        if (_stateFile is null)
            return;
        if (Read(_stateFile) is { } stored)
        {
            Role = ServerRole.Standby;
            Epoch = stored.Epoch;
        }
        Write();
    }

    public ServerRole Role { get; private set; }

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
            Write();
            return new RoleChange(true, Role, Epoch);
        }
    }

    private void Write()
    {
        if (_stateFile is null)
            return;
        var temporary = _stateFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new StoredState(FailoverEndpoints.Name(Role), Epoch)));
        File.Move(temporary, _stateFile, overwrite: true);
    }

    private static StoredState? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<StoredState>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            // A damaged file: the epoch is unknown, so claim nothing (standby at epoch 0, fenced on the next check).
            return new StoredState("standby", 0);
        }
    }

    private sealed record StoredState(string Role, long Epoch);
}

public sealed record RoleChange(bool Accepted, ServerRole Role, long Epoch);
