using McpConsole.Core.Fleet;
using McpConsole.Core.Text;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>Sends through a channel and records every attempt with the server's answer (the delivery history).</summary>
public sealed class DeliveryLog(IDbContextFactory<ConsoleDbContext> dbFactory, ChannelSender sender, TimeProvider clock)
{
    public async Task<SendResult> SendAsync(string purpose, string runKey, int? reportId, AlertChannel channel,
        IReadOnlyList<string> recipients, OutgoingMessage message, CancellationToken ct)
    {
        var result = await sender.SendAsync(channel, recipients, message, ct);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.Add(new Delivery
        {
            At = clock.GetUtcNow(), Purpose = purpose, RunKey = runKey, ReportId = reportId, ChannelName = channel.Name,
            Subject = Cut(message.Subject, 500),
            Recipients = channel.Kind == ChannelKinds.Email ? string.Join(", ", recipients) : UrlRedaction.OriginOnly(channel.WebhookUrl) ?? "",
            Succeeded = result.Succeeded, Answer = Cut(result.Answer, 4000),
        });
        await db.SaveChangesAsync(CancellationToken.None);
        return result;
    }

    public async Task<bool> WasDeliveredAsync(string runKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Delivery>().AnyAsync(d => d.RunKey == runKey && d.Succeeded, ct);
    }

    public async Task<IReadOnlyList<Delivery>> RecentAsync(int take, CancellationToken ct, int skip = 0)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<Delivery>().AsNoTracking().OrderByDescending(d => d.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return rows;
    }

    /// <summary>One page of the history, newest first, and the number of attempts kept in all.</summary>
    public async Task<(IReadOnlyList<Delivery> Rows, int Total)> PageAsync(int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.Set<Delivery>().CountAsync(ct);
        var rows = await db.Set<Delivery>().AsNoTracking().OrderByDescending(d => d.Id).Skip(Math.Max(0, page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows, total);
    }

    private static string Cut(string s, int max) => SafeText.Cut(s, max);
}
