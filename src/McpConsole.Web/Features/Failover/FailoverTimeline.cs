using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using McpConsole.Core.Failover;
using McpConsole.Core.Text;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Failover;

/// <summary>One step to record: what happened, to which server, at which epoch, triggered by whom.</summary>
public sealed record TimelineEntry(FailoverEventKind Kind, int? ServerId, long Epoch, string Message, bool Critical = false);

/// <summary>
/// Every step of a group goes here: the group's timeline (FailoverEvents), the audit log (who or what triggered it),
/// live pages (<see cref="FailoverNotifier"/>), the group's optional webhook and, on transitions, its optional command.
/// Alerts read the timeline (<see cref="Alerts.FailoverEventAlerts"/>), so a step is never raised twice.
/// </summary>
public sealed class FailoverTimeline(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    AuditLog audit,
    FailoverNotifier notifier,
    IHttpClientFactory httpFactory,
    TimeProvider clock,
    TransitionCommandRunner commands,
    ILogger<FailoverTimeline> logger)
{
    public const string Automatic = "automatic";

    /// <summary>Steps that change who is primary or that need a person: they run the transition command.</summary>
    private static readonly HashSet<FailoverEventKind> Transitions =
        [FailoverEventKind.Promoted, FailoverEventKind.PromotionFailed, FailoverEventKind.Fenced, FailoverEventKind.FailedBack, FailoverEventKind.NoHealthyStandby];

    private readonly ConcurrentDictionary<int, SemaphoreSlim> _commandQueues = new();

    /// <summary>Runs of transition commands not finished yet (tests and shutdown wait for them).</summary>
    public Task CommandsIdle => Task.WhenAll(_running.Values);

    private readonly ConcurrentDictionary<Guid, Task> _running = new();

    public static string Operator(string name) => $"operator:{name}";

    /// <param name="previousActiveId">The active server before these steps (for the command's OLD_PRIMARY).</param>
    public async Task RecordAsync(FailoverGroup group, string trigger, IReadOnlyList<TimelineEntry> entries, CancellationToken ct, int? previousActiveId = null)
    {
        if (entries.Count == 0)
            return;
        await WriteAsync(group, trigger, entries, ct);
        if (group.WebhookUrl is { } url)
            _ = NotifyWebhookAsync(url, group, trigger, entries);
        if (TransitionCommandSpec.Of(group) is { } command && entries.Any(e => Transitions.Contains(e.Kind)))
        {
            var id = Guid.NewGuid();
            _running[id] = RunCommandAsync(command, group, trigger, previousActiveId ?? group.ActiveServerId, entries)
                .ContinueWith(_ => _running.TryRemove(id, out var _), TaskScheduler.Default);
        }
    }

    private async Task WriteAsync(FailoverGroup group, string trigger, IReadOnlyList<TimelineEntry> entries, CancellationToken ct, bool succeeded = true)
    {
        var now = clock.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var ids = entries.Where(e => e.ServerId is not null).Select(e => e.ServerId!.Value).Distinct().ToList();
            var names = await db.Servers.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            var rows = entries.Select(e => new FailoverEvent
            {
                GroupId = group.Id, At = now, Kind = e.Kind.ToString(), Epoch = e.Epoch, ServerId = e.ServerId,
                ServerName = e.ServerId is { } id ? names.GetValueOrDefault(id) : null,
                Trigger = trigger, Message = e.Message, Critical = e.Critical,
            }).ToList();
            db.Set<FailoverEvent>().AddRange(rows);
            await db.SaveChangesAsync(ct);
            foreach (var e in entries)
            {
                var server = e.ServerId is { } id ? names.GetValueOrDefault(id, $"#{id}") : null;
                await audit.RecordAsync(new AuditRecord(trigger == Automatic ? "system:failover" : trigger[(trigger.IndexOf(':') + 1)..],
                    $"failover.{char.ToLowerInvariant(e.Kind.ToString()[0])}{e.Kind.ToString()[1..]}",
                    $"group {group.Name}", $"{e.Message}{(server is null ? "" : $" (server {server})")}, epoch {e.Epoch}, trigger {trigger}",
                    Succeeded: succeeded && e.Kind is not (FailoverEventKind.PromotionFailed or FailoverEventKind.NoHealthyStandby or FailoverEventKind.FencingFailed)), ct);
                if (e.Critical)
                    logger.LogCritical("Failover group {Group}: {Message}", group.Name, e.Message);
            }
        }
        notifier.Publish(group.Id);
    }

    /// <summary>
    /// Runs the group's command for one batch of steps, after the previous run of that group ended (runs never
    /// overlap and keep their order), then records its exit code and output tail as a timeline step (which runs
    /// no hook itself).
    /// </summary>
    private async Task RunCommandAsync(TransitionCommandSpec command, FailoverGroup group, string trigger, int previousActiveId, IReadOnlyList<TimelineEntry> entries)
    {
        var queue = _commandQueues.GetOrAdd(group.Id, _ => new SemaphoreSlim(1, 1));
        await queue.WaitAsync();
        try
        {
            Dictionary<int, (string Name, string? Url)> servers;
            await using (var db = await dbFactory.CreateDbContextAsync())
                servers = await db.Servers.Where(s => s.Id == previousActiveId || s.Id == group.ActiveServerId).ToDictionaryAsync(s => s.Id, s => (s.Name, s.Url));
            var variables = new Dictionary<string, string>
            {
                ["MCPCONSOLE_FAILOVER_GROUP"] = group.Name,
                ["MCPCONSOLE_FAILOVER_GROUP_ID"] = group.Id.ToString(CultureInfo.InvariantCulture),
                ["MCPCONSOLE_FAILOVER_EVENTS"] = string.Join(",", entries.Select(e => e.Kind.ToString())),
                ["MCPCONSOLE_FAILOVER_STATE"] = group.State,
                ["MCPCONSOLE_FAILOVER_EPOCH"] = group.Epoch.ToString(CultureInfo.InvariantCulture),
                ["MCPCONSOLE_FAILOVER_OLD_PRIMARY"] = servers.GetValueOrDefault(previousActiveId).Name ?? $"#{previousActiveId}",
                ["MCPCONSOLE_FAILOVER_OLD_PRIMARY_ID"] = previousActiveId.ToString(CultureInfo.InvariantCulture),
                ["MCPCONSOLE_FAILOVER_NEW_PRIMARY"] = servers.GetValueOrDefault(group.ActiveServerId).Name ?? $"#{group.ActiveServerId}",
                ["MCPCONSOLE_FAILOVER_NEW_PRIMARY_ID"] = group.ActiveServerId.ToString(CultureInfo.InvariantCulture),
                ["MCPCONSOLE_FAILOVER_NEW_PRIMARY_ENDPOINT"] = servers.GetValueOrDefault(group.ActiveServerId).Url ?? "",
                ["MCPCONSOLE_FAILOVER_REASON"] = string.Join("; ", entries.Select(e => e.Message)),
                ["MCPCONSOLE_FAILOVER_TRIGGER"] = trigger,
            };
            var run = await commands.RunAsync(command, variables);
            if (!run.Succeeded)
                logger.LogWarning("Failover command of group {Group} failed: {Outcome}", group.Name, run.StartError ?? (run.TimedOut ? "timed out" : $"exit code {run.ExitCode}"));
            var message = run.Describe(command.Program);
            await WriteAsync(group, trigger, [new TimelineEntry(FailoverEventKind.CommandRan, null, group.Epoch, SafeText.Cut(message, 2000))],
                CancellationToken.None, succeeded: run.Succeeded);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or IOException)
        {
            logger.LogError(ex, "Failover command of group {Group} could not be run or recorded", group.Name);
        }
        finally
        {
            queue.Release();
        }
    }

    /// <summary>Posts the steps to the group's webhook; a delivery that fails is itself a timeline step (which posts nothing).</summary>
    private async Task NotifyWebhookAsync(string url, FailoverGroup group, string trigger, IReadOnlyList<TimelineEntry> entries)
    {
        string? failure = null;
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
                failure = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            failure = OutboundRefusedException.Find(ex)?.Message ?? (ex is OperationCanceledException ? "no answer within 5 s" : ex.Message);
        }

        if (failure is null)
            return;
        logger.LogWarning("Failover webhook of group {Group} failed: {Reason}", group.Name, failure);
        try
        {
            await WriteAsync(group, trigger, [new TimelineEntry(FailoverEventKind.WebhookFailed, null, group.Epoch, $"webhook {UrlOrigins.Of(url)} not delivered: {failure}")],
                CancellationToken.None, succeeded: false);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            logger.LogError(ex, "The failed webhook of group {Group} could not be recorded", group.Name);
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

    /// <summary>A change made on this instance (in PostgreSQL mode also relayed to the other instances).</summary>
    public event Action<int>? PublishedHere;

    public void Publish(int groupId)
    {
        Notify(groupId);
        PublishedHere?.Invoke(groupId);
    }

    /// <summary>A change another instance made (relayed): this instance's pages update; nothing is relayed again.</summary>
    public void PublishRelayed(int groupId) => Notify(groupId);

    private void Notify(int groupId)
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
