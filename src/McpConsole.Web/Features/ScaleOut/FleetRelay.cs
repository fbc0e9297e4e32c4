using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using McpConsole.Core.Text;
using McpConsole.Web.Features.Failover;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Npgsql;

namespace McpConsole.Web.Features.ScaleOut;

/// <summary>
/// PostgreSQL mode: relays this instance's live events (probe results, registry changes, failover group changes) to every other instance with
/// NOTIFY, and publishes theirs here from LISTEN, so a page updates whatever instance probed or edited the server.
/// Relayed events carry <c>RelayedFrom</c>: alerts and the probe-step histogram act only on their own instance's events.
/// Best effort by design (as NOTIFY is): what a page might miss while the connection is re-established it reads from
/// the database on its next load.
/// </summary>
public sealed class FleetRelay(ConsoleDatabase database, FleetNotifier notifier, RegistryChanges registry, FailoverNotifier failover, LeaseCoordinator coordinator,
    ILogger<FleetRelay> logger) : BackgroundService
{
    public const string ChannelName = "mcpconsole_live";
    private const int MaxPayloadBytes = 7900; // NOTIFY payloads must stay under 8000 bytes
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<string> _outbox = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly List<IDisposable> _subscriptions = [];

    private sealed record Message(string Origin, ServerStatusChanged? Status, RegistryChange? Registry, int? FailoverGroupId = null);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(notifier.Subscribe(change =>
        {
            if (change.RelayedFrom is null)
                Send(new Message(coordinator.InstanceId, Trim(change), null));
            return Task.CompletedTask;
        }));
        _subscriptions.Add(registry.Subscribe(change =>
        {
            if (change.RelayedFrom is null)
                Send(new Message(coordinator.InstanceId, null, change));
        }));
        failover.PublishedHere += RelayFailoverChange;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions)
            subscription.Dispose();
        failover.PublishedHere -= RelayFailoverChange;
        _outbox.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    private void RelayFailoverChange(int groupId) => Send(new Message(coordinator.InstanceId, null, null, groupId));

    private void Send(Message message)
    {
        var payload = JsonSerializer.Serialize(message, Json);
        if (Encoding.UTF8.GetByteCount(payload) <= MaxPayloadBytes)
            _outbox.Writer.TryWrite(payload);
    }

    /// <summary>Server text is cut so a message fits a NOTIFY payload; step timings stay local (they feed this instance's histogram).</summary>
    private static ServerStatusChanged Trim(ServerStatusChanged change) => change with
    {
        Reason = Cut(change.Reason),
        Transition = change.Transition is { } t ? t with { Reason = Cut(t.Reason) } : null,
        Steps = null,
    };

    private static string Cut(string text) => SafeText.Cut(text, 1000);

    private async Task SendAsync(CancellationToken ct)
    {
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(ct))
            {
                try
                {
                    await using var connection = (NpgsqlConnection)await database.OpenAsync(ct);
                    while (_outbox.Reader.TryRead(out var payload))
                    {
                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                        notify.Parameters.AddWithValue("channel", ChannelName);
                        notify.Parameters.AddWithValue("payload", payload);
                        await notify.ExecuteNonQueryAsync(ct);
                    }
                }
                catch (NpgsqlException ex)
                {
                    logger.LogWarning("Relaying live events to other instances failed: {Error}", ex.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await database.OpenAsync(ct);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                while (!ct.IsCancellationRequested)
                    await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                logger.LogWarning("Listening for other instances' live events failed: {Error}; retrying", ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private void Receive(string payload)
    {
        try
        {
            var message = JsonSerializer.Deserialize<Message>(payload, Json);
            if (message is null || message.Origin == coordinator.InstanceId)
                return;
            if (message.Status is { } status)
                notifier.Publish(status with { RelayedFrom = message.Origin });
            if (message.Registry is { } change)
                registry.Publish(change with { RelayedFrom = message.Origin });
            if (message.FailoverGroupId is { } groupId)
                failover.PublishRelayed(groupId);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Ignored an unreadable live event from another instance: {Error}", ex.Message);
        }
    }
}
