namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// Notices that reached some channels but not all: each failed channel is tried again with back-off (15 s doubling to
/// 1 h) for up to <see cref="GiveUpAfter"/>, every attempt in the delivery history under the notice's run key. A channel's
/// pending notices go out oldest first: when one is due, the older ones of that channel are sent before it, so after an
/// outage a "resolved" never arrives before its "firing". Kept in memory: a restart drops what is pending (the next
/// repeat or resolved notice still reaches every channel). When no channel at all accepts a notice, the evaluator does
/// not mark it sent and the whole notice is retried instead.
/// </summary>
public sealed class ChannelRetries(DeliveryLog deliveries, ILogger<ChannelRetries> logger)
{
    /// <summary>How long a notice is retried on a failing channel before it is given up (logged as an error).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);
    private readonly Lock _gate = new();
    private readonly List<Pending> _pending = [];
    private long _order;

    private sealed record Pending(long Order, int ChannelId, string RunKey, OutgoingMessage Message, int Attempt, DateTimeOffset FirstAt, DateTimeOffset DueAt);

    public static TimeSpan DelayAfter(int attempt) => TimeSpan.FromSeconds(Math.Min(15 * Math.Pow(2, Math.Min(attempt, 20) - 1), 3600));

    public int Count
    {
        get { lock (_gate) return _pending.Count; }
    }

    public void Schedule(AlertChannel channel, string runKey, OutgoingMessage message, DateTimeOffset now)
    {
        lock (_gate)
            _pending.Add(new Pending(++_order, channel.Id, runKey, message, 1, now, now + DelayAfter(1)));
    }

    /// <summary>For every channel with a notice due: sends its pending notices oldest first, until one fails.</summary>
    public async Task RunDueAsync(IReadOnlyList<AlertChannel> channels, DateTimeOffset now, CancellationToken ct)
    {
        List<IGrouping<int, Pending>> queues;
        lock (_gate)
        {
            var due = _pending.Where(p => p.DueAt <= now).Select(p => p.ChannelId).ToHashSet();
            queues = [.. _pending.Where(p => due.Contains(p.ChannelId)).OrderBy(p => p.Order).GroupBy(p => p.ChannelId)];
            _pending.RemoveAll(p => due.Contains(p.ChannelId));
        }

        foreach (var queue in queues)
        {
            if (channels.FirstOrDefault(c => c.Id == queue.Key) is not { } channel)
                continue; // deleted or paused: its notices go with it
            var failed = false;
            foreach (var p in queue)
            {
                if (failed)
                {
                    Requeue(p); // not tried this round: the channel is still failing
                    continue;
                }

                var result = await deliveries.SendAsync("Alert", p.RunKey, null, channel, ChannelRecipients.Parse(channel.To), p.Message, ct);
                if (result.Succeeded)
                    continue;
                failed = true;
                if (now - p.FirstAt >= GiveUpAfter)
                {
                    logger.LogError("Channel {Channel} still fails after {Hours:0} h ({Attempts} attempts); notice {RunKey} given up: {Answer}",
                        channel.Name, (now - p.FirstAt).TotalHours, p.Attempt + 1, p.RunKey, result.Answer);
                    continue;
                }

                Requeue(p with { Attempt = p.Attempt + 1, DueAt = now + DelayAfter(p.Attempt + 1) });
            }
        }
    }

    private void Requeue(Pending p)
    {
        lock (_gate)
            _pending.Add(p);
    }
}
