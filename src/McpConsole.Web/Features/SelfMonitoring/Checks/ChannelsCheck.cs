using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.SelfMonitoring.Checks;

/// <summary>
/// Every enabled alert channel failing: each one's last few deliveries within the last hour all failed. Alerts then
/// reach nobody; the alert this raises shows on the overview and the alerts page.
/// </summary>
public sealed class ChannelsCheck(IDbContextFactory<ConsoleDbContext> dbFactory, IOptions<SelfMonitoringOptions> options) : ISelfCheck
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public string Kind => AlertKinds.ConsoleChannelsFailing;

    public async Task<SelfCheckResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channels = await db.Set<AlertChannel>().AsNoTracking().Where(c => c.Enabled).Select(c => c.Name).ToListAsync(ct);
        if (channels.Count == 0)
            return SelfCheckResult.Pass(Kind);

        var inARow = options.Value.ChannelFailuresInARow;
        var from = now - Window;
        foreach (var name in channels)
        {
            var recent = await db.Set<Delivery>().AsNoTracking().Where(d => d.ChannelName == name && d.At >= from)
                .OrderByDescending(d => d.Id).Take(inARow).Select(d => d.Succeeded).ToListAsync(ct);
            if (recent.Count < inARow || recent.Any(ok => ok))
                return SelfCheckResult.Pass(Kind);
        }

        return new SelfCheckResult(Kind, true,
            $"Every enabled alert channel is failing ({string.Join(", ", channels)}): their last {inARow} deliveries all failed, so alerts reach nobody.",
            "Open Alerts > Delivery history for the servers' answers, fix the channel settings (or the mail server / webhook), and use \"Send test\".");
    }
}
