using McpConsole.Core.Fleet;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// Webhook channels stored before their URLs were encrypted: at start, the URL moves into
/// <see cref="AlertChannel.WebhookUrlProtected"/> and only its origin stays readable (a migration cannot encrypt).
/// </summary>
internal sealed class WebhookUrlUpgrade(IDbContextFactory<ConsoleDbContext> dbFactory, ChannelSecrets secrets, ILogger<WebhookUrlUpgrade> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
            var legacy = await db.Set<AlertChannel>().Where(c => c.WebhookUrl != null && c.WebhookUrlProtected == null).ToListAsync(stoppingToken);
            foreach (var channel in legacy)
            {
                channel.WebhookUrlProtected = secrets.Protect(channel.WebhookUrl);
                channel.WebhookUrl = UrlRedaction.OriginOnly(channel.WebhookUrl);
            }

            if (legacy.Count > 0)
            {
                await db.SaveChangesAsync(stoppingToken);
                logger.LogInformation("Encrypted the webhook URLs of {Count} alert channel(s)", legacy.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not encrypt the stored webhook URLs of alert channels");
        }
    }
}
