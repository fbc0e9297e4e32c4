using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.SelfMonitoring;

/// <summary>
/// The way out when the database cannot store a console alert (disk full, database read-only): the notice goes straight to
/// every enabled channel through <see cref="ChannelSender"/> (reading the channels still works; the delivery history
/// cannot be written), once when the check starts failing and once when it passes again. Silences and grouping do not
/// apply on this path: it is for the console's own faults only.
/// </summary>
public sealed partial class DirectNotices(IDbContextFactory<ConsoleDbContext> dbFactory, ChannelSender sender, TimeProvider clock, ILogger<DirectNotices> logger)
{
    private readonly HashSet<string> _firingSent = [];

    /// <summary>Sends the firing notice of a check whose alert could not be stored, unless already sent for this episode.</summary>
    public async Task FiringAsync(SelfCheckState check, string subject, string key, CancellationToken ct)
    {
        if (_firingSent.Contains(check.Kind))
            return;
        var alert = new ActiveAlert(key, check.Kind, subject, null,
            $"{check.Problem} {check.Action} (Sent directly: the console database cannot store alerts now.)", check.Since ?? clock.GetUtcNow());
        if (await SendAsync(new AlertNotification(check.Kind, [alert], []), ct))
            _firingSent.Add(check.Kind);
    }

    /// <summary>After a direct firing notice: the resolved one, when the check passes again.</summary>
    public async Task ResolvedAsync(SelfCheckState check, string subject, string key, CancellationToken ct)
    {
        if (!_firingSent.Remove(check.Kind))
            return;
        var now = clock.GetUtcNow();
        var alert = new ActiveAlert(key, check.Kind, subject, null, "The check passes again.", now, ResolvedAt: now);
        await SendAsync(new AlertNotification(check.Kind, [], [alert]), ct);
    }

    private async Task<bool> SendAsync(AlertNotification notification, CancellationToken ct)
    {
        List<AlertChannel> channels;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            channels = await db.Set<AlertChannel>().AsNoTracking().Where(c => c.Enabled).ToListAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNoChannels(logger, notification.Kind, ex.GetBaseException().Message);
            return false;
        }

        var message = AlertMessages.Render(notification, clock.GetUtcNow());
        var delivered = 0;
        foreach (var channel in channels)
        {
            var result = await sender.SendAsync(channel, ChannelRecipients.Parse(channel.To), message, ct);
            if (result.Succeeded)
                delivered++;
            LogSent(logger, notification.Title, channel.Name, result.Succeeded, result.Answer);
        }

        return channels.Count == 0 || delivered > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console alert {Title} sent directly to channel {Channel} (the database cannot store it): succeeded {Succeeded}, {Answer}")]
    private static partial void LogSent(ILogger logger, string title, string channel, bool succeeded, string answer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Console alert {Kind} could not be stored nor sent directly (channels unreadable): {Error}")]
    private static partial void LogNoChannels(ILogger logger, string kind, string error);
}
