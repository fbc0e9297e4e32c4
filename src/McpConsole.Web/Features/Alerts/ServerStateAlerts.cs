using McpConsole.Core.Alerts;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// Turns probing's live results into alerts: a transition into Down, Degraded, Unauthorized or Misconfigured raises that kind (from the
/// transition time, so the rule's duration counts from there); leaving it resolves it. A changed tool catalog raises
/// a one-shot CatalogChanged alert.
/// </summary>
public sealed class ServerStateAlerts(FleetNotifier notifier, AlertSignals signals, IDbContextFactory<ConsoleDbContext> dbFactory,
    ILogger<ServerStateAlerts> logger) : IHostedService
{
    /// <summary>The alert kinds that follow a server's state (one at a time).</summary>
    public static readonly string[] ConditionKinds =
        [AlertKinds.ServerDown, AlertKinds.ServerDegraded, AlertKinds.ServerUnauthorized, AlertKinds.ServerMisconfigured];
    private IDisposable? _subscription;

    public static string KeyFor(int serverId, string kind) => $"server:{serverId}:{kind}";

    public static string? KindFor(HealthState state) => state switch
    {
        HealthState.Down => AlertKinds.ServerDown,
        HealthState.Degraded => AlertKinds.ServerDegraded,
        HealthState.Unauthorized => AlertKinds.ServerUnauthorized,
        HealthState.Misconfigured => AlertKinds.ServerMisconfigured,
        _ => null,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(OnChangeAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    public async Task OnChangeAsync(ServerStatusChanged change)
    {
        // The instance that probed the server raises its alerts; relayed copies would raise them twice.
        if ((change.Transition is null && !change.CatalogChanged) || change.RelayedFrom is not null)
            return;
        try
        {
            // The group is read only to raise: a fleet's first results (Unknown -> Healthy, one per server) only resolve.
            if (change.Transition is { } t)
            {
                var current = KindFor(t.To);
                await signals.ResolveAsync([.. ConditionKinds.Where(k => k != current).Select(k => KeyFor(change.ServerId, k))]);
                if (current is not null)
                    await signals.RaiseAsync(current, change.Name, KeyFor(change.ServerId, current), t.Reason, await GroupOfAsync(change.ServerId), t.At);
            }

            if (change.CatalogChanged && change.CatalogHash is not null)
            {
                await signals.RaiseAsync(AlertKinds.CatalogChanged, change.Name, $"catalog:{change.ServerId}:{change.CatalogHash}",
                    $"tool catalog changed: now {change.ToolCount} tools", await GroupOfAsync(change.ServerId));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not record an alert for server {ServerId}", change.ServerId);
        }
    }

    private async Task<string?> GroupOfAsync(int serverId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Servers.Where(s => s.Id == serverId).Select(s => s.Group).FirstOrDefaultAsync();
    }
}
