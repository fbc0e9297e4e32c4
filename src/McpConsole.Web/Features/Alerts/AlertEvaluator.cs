using McpConsole.Core.Alerts;
using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// At start-up: raises what a restart would hide (<see cref="StartupAlerts"/>). Then every 15 s: picks up new backup and
/// failover events, reads the alert book, asks <see cref="AlertBook.Plan"/> what is due, sends one message per kind to every
/// enabled channel and stores the new state. When every channel fails, nothing is marked notified: the next tick retries;
/// when only some fail, those are retried on their own (<see cref="ChannelRetries"/>). An alert whose notice failed
/// everywhere is remembered as owed (in memory): if it resolves before a channel works again, it is told as resolved.
/// </summary>
public sealed class AlertEvaluator(
    IDbContextFactory<ConsoleDbContext> dbFactory, DeliveryLog deliveries, AlertConfiguration config, BackupEventAlerts backupEvents,
    FailoverEventAlerts failoverEvents, StartupAlerts startup, ChannelRetries retries, ClusterLock cluster, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<AlertEvaluator> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _owed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After the web server is up: start-up is CPU-bound, and these alerts can wait the second it takes.
        await lifetime.WhenStartedAsync(stoppingToken);
        try
        {
            await startup.RunAsync(stoppingToken);
            await EvaluateAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Start-up alert reconciliation failed");
        }

        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EvaluateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Alert evaluation failed");
            }
        }
    }

    /// <summary>One evaluation; returns the notices sent (tests call this directly on a fake clock).</summary>
    public async Task<IReadOnlyList<AlertNotification>> EvaluateAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            // Several instances on PostgreSQL: one evaluates at a time, the others skip the tick (the next one sees what
            // it stored), so an alert is never read as unsent by two instances and sent twice.
            await using var turn = await cluster.TryAcquireAsync("alert-evaluation", ct);
            if (turn is null)
                return [];
            await backupEvents.PollAsync(ct);
            await failoverEvents.PollAsync(ct);
            var now = clock.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.Set<AlertStateRow>().ToListAsync(ct);
            _owed.IntersectWith(rows.Select(r => r.Key));
            var alerts = rows.Select(r => new ActiveAlert(r.Key, r.Kind, r.Subject, r.Group, r.Details, r.Since, r.LastNotifiedAt, r.ResolvedAt,
                r.ResolvedNotified, _owed.Contains(r.Key))).ToList();
            var plan = AlertBook.Plan(alerts, await config.RulesAsync(ct), await config.ActiveSilencesAsync(now, ct), config.Policy, now);

            var channels = await db.Set<AlertChannel>().AsNoTracking().Where(c => c.Enabled).ToListAsync(ct);
            await retries.RunDueAsync(channels, now, ct);
            var sent = new List<AlertNotification>();
            foreach (var notification in plan.Notifications)
            {
                var delivered = await DeliverAsync(notification, channels, now, ct);
                if (delivered)
                    sent.Add(notification);
                foreach (var alert in notification.Firing.Concat(notification.Resolved))
                {
                    if (delivered)
                        _owed.Remove(alert.Key);
                    else
                        _owed.Add(alert.Key);
                }
            }

            Store(db, rows, plan, sent);
            await db.SaveChangesAsync(ct);
            return sent;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> DeliverAsync(AlertNotification notification, IReadOnlyList<AlertChannel> channels, DateTimeOffset now, CancellationToken ct)
    {
        if (channels.Count == 0)
            return true; // nowhere to send: the page still shows the alert
        var message = AlertMessages.Render(notification, now);
        var runKey = $"alert:{notification.Kind}:{now.UtcTicks}";
        var failed = new List<AlertChannel>();
        foreach (var channel in channels)
        {
            var recipients = ChannelRecipients.Parse(channel.To);
            if (!(await deliveries.SendAsync("Alert", runKey, null, channel, recipients, message, ct)).Succeeded)
                failed.Add(channel);
        }

        if (failed.Count == channels.Count)
            return false;
        foreach (var channel in failed)
            retries.Schedule(channel, runKey, message, now);
        return true;
    }

    private static void Store(ConsoleDbContext db, List<AlertStateRow> rows, AlertPlan plan, List<AlertNotification> sent)
    {
        var failedKinds = plan.Notifications.Except(sent).Select(n => n.Kind).ToHashSet();
        var updated = plan.Updated.ToDictionary(a => a.Key);
        foreach (var row in rows)
        {
            if (failedKinds.Contains(row.Kind))
                continue; // undelivered: keep as it was, retry next tick
            if (!updated.TryGetValue(row.Key, out var a) || (AlertSignals.IsEvent(row.Kind) && a.LastNotifiedAt is not null))
            {
                db.Remove(row); // resolved and noticed, flapped, or a one-shot event already sent
                continue;
            }

            row.LastNotifiedAt = a.LastNotifiedAt;
            row.ResolvedNotified = a.ResolvedNotified;
        }
    }
}

/// <summary>Comma/semicolon separated addresses, trimmed, empty entries dropped.</summary>
public static class ChannelRecipients
{
    public static IReadOnlyList<string> Parse(string? list) =>
        (list ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
