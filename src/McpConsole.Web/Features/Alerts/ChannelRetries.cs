namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// Notices that reached some channels but not all: each failed channel is tried again with back-off (15 s doubling to
/// 1 h, 10 attempts: the last about 2 h after the first), every attempt in the delivery history under the notice's run key. Kept in
/// memory: a restart drops what is pending (the next repeat or resolved notice still reaches every channel). When no
/// channel at all accepts a notice, the evaluator does not mark it sent and the whole notice is retried instead.
/// </summary>
public sealed class ChannelRetries(DeliveryLog deliveries, ILogger<ChannelRetries> logger)
{
    public const int MaxAttempts = 10;
    private readonly Lock _gate = new();
    private readonly List<Pending> _pending = [];

    private sealed record Pending(int ChannelId, string RunKey, OutgoingMessage Message, int Attempt, DateTimeOffset DueAt);

    public static TimeSpan DelayAfter(int attempt) => TimeSpan.FromSeconds(Math.Min(15 * Math.Pow(2, attempt - 1), 3600));

    public int Count
    {
        get { lock (_gate) return _pending.Count; }
    }

    public void Schedule(AlertChannel channel, string runKey, OutgoingMessage message, DateTimeOffset now)
    {
        lock (_gate)
            _pending.Add(new Pending(channel.Id, runKey, message, 1, now + DelayAfter(1)));
    }

    /// <summary>Sends what is due through channels that still exist and are enabled.</summary>
    public async Task RunDueAsync(IReadOnlyList<AlertChannel> channels, DateTimeOffset now, CancellationToken ct)
    {
        List<Pending> due;
        lock (_gate)
        {
            due = [.. _pending.Where(p => p.DueAt <= now)];
            _pending.RemoveAll(due.Contains);
        }

        foreach (var p in due)
        {
            if (channels.FirstOrDefault(c => c.Id == p.ChannelId) is not { } channel)
                continue;
            var result = await deliveries.SendAsync("Alert", p.RunKey, null, channel, ChannelRecipients.Parse(channel.To), p.Message, ct);
            if (result.Succeeded)
                continue;
            if (p.Attempt + 1 >= MaxAttempts)
            {
                logger.LogError("Channel {Channel} still fails after {Attempts} attempts; notice {RunKey} given up: {Answer}", channel.Name, MaxAttempts, p.RunKey, result.Answer);
                continue;
            }

            lock (_gate)
                _pending.Add(p with { Attempt = p.Attempt + 1, DueAt = now + DelayAfter(p.Attempt + 1) });
        }
    }
}
