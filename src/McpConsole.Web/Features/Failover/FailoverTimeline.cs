using System.Net.Http.Json;
using McpConsole.Core.Failover;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Failover;

/// <summary>One step to record: what happened, to which server, at which epoch, triggered by whom.</summary>
public sealed record TimelineEntry(FailoverEventKind Kind, int? ServerId, long Epoch, string Message, bool Critical = false);

/// <summary>
/// Every step of a group goes here: the group's timeline (FailoverEvents), the audit log (who or what triggered it),
/// live pages (<see cref="FailoverNotifier"/>) and the group's optional webhook.
/// </summary>
public sealed class FailoverTimeline(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    AuditLog audit,
    FailoverNotifier notifier,
    IHttpClientFactory httpFactory,
    TimeProvider clock,
    ILogger<FailoverTimeline> logger)
{
    public const string Automatic = "automatic";

    public static string Operator(string name) => $"operator:{name}";

    public async Task RecordAsync(FailoverGroup group, string trigger, IReadOnlyList<TimelineEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
            return;
        var now = clock.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var ids = entries.Where(e => e.ServerId is not null).Select(e => e.ServerId!.Value).Distinct().ToList();
            var names = await db.Servers.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            foreach (var e in entries)
            {
                db.Set<FailoverEvent>().Add(new FailoverEvent
                {
                    GroupId = group.Id, At = now, Kind = e.Kind.ToString(), Epoch = e.Epoch, ServerId = e.ServerId,
                    ServerName = e.ServerId is { } id ? names.GetValueOrDefault(id) : null,
                    Trigger = trigger, Message = e.Message, Critical = e.Critical,
                });
            }
            await db.SaveChangesAsync(ct);
            foreach (var e in entries)
            {
                var server = e.ServerId is { } id ? names.GetValueOrDefault(id, $"#{id}") : null;
                await audit.RecordAsync(new AuditRecord(trigger == Automatic ? "system:failover" : trigger[(trigger.IndexOf(':') + 1)..],
                    $"failover.{char.ToLowerInvariant(e.Kind.ToString()[0])}{e.Kind.ToString()[1..]}",
                    $"group {group.Name}", $"{e.Message}{(server is null ? "" : $" (server {server})")}, epoch {e.Epoch}, trigger {trigger}",
                    Succeeded: e.Kind is not (FailoverEventKind.PromotionFailed or FailoverEventKind.NoHealthyStandby or FailoverEventKind.FencingFailed)), ct);
                if (e.Critical)
                    logger.LogCritical("Failover group {Group}: {Message}", group.Name, e.Message);
            }
        }
        notifier.Publish(group.Id);
        if (group.WebhookUrl is { } url)
            _ = NotifyWebhookAsync(url, group, entries);
    }

    private async Task NotifyWebhookAsync(string url, FailoverGroup group, IReadOnlyList<TimelineEntry> entries)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var body = new
            {
                group = group.Name, groupId = group.Id, state = group.State, epoch = group.Epoch, activeServerId = group.ActiveServerId,
                events = entries.Select(e => new { kind = e.Kind.ToString(), serverId = e.ServerId, epoch = e.Epoch, message = e.Message, critical = e.Critical }),
            };
            using var response = await httpFactory.CreateClient(RoleClient.HttpClientName).PostAsJsonAsync(url, body, deadline.Token);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("Failover webhook of group {Group} answered {Status}", group.Name, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogWarning("Failover webhook of group {Group} failed: {Reason}", group.Name, ex.Message);
        }
    }
}

/// <summary>Tells live pages that a group changed (state, active server, timeline).</summary>
public sealed class FailoverNotifier(ILogger<FailoverNotifier> logger)
{
    private readonly Lock _gate = new();
    private Func<int, Task>[] _subscribers = [];

    public IDisposable Subscribe(Func<int, Task> handler)
    {
        lock (_gate) _subscribers = [.. _subscribers, handler];
        return new Subscription(() => { lock (_gate) _subscribers = [.. _subscribers.Where(h => h != handler)]; });
    }

    public void Publish(int groupId)
    {
        foreach (var handler in _subscribers)
            _ = InvokeAsync(handler, groupId);
    }

    private async Task InvokeAsync(Func<int, Task> handler, int groupId)
    {
        try
        {
            await handler(groupId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "A failover page subscriber failed for group {GroupId}", groupId);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
