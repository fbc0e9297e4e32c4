using System.ComponentModel.DataAnnotations;
using McpConsole.Core.Alerts;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Alerts;

/// <summary>McpConsole:Alerts. Defaults: gather a group for 30 s, repeat what stays broken every 4 h, keep 90 days of delivery history.</summary>
public sealed class AlertOptions
{
    public const string Section = "McpConsole:Alerts";

    [Range(0, 3600)]
    public int GroupWaitSeconds { get; set; } = 30;

    [Range(1, 24 * 30)]
    public double RepeatIntervalHours { get; set; } = 4;

    /// <summary>How long the delivery history keeps each attempt (removed by a daily job).</summary>
    [Range(1, 3650)]
    public int DeliveryRetentionDays { get; set; } = 90;
}

/// <summary>Rules (defaults overridden by stored rows), active silences and the grouping policy.</summary>
public sealed class AlertConfiguration(IDbContextFactory<ConsoleDbContext> dbFactory, IOptions<AlertOptions> options)
{
    public NotifyPolicy Policy => new(TimeSpan.FromSeconds(options.Value.GroupWaitSeconds), TimeSpan.FromHours(options.Value.RepeatIntervalHours));

    public async Task<IReadOnlyList<AlertRule>> RulesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.Set<AlertRuleRow>().AsNoTracking().ToDictionaryAsync(r => r.Kind, ct);
        return [.. AlertRule.Defaults.Select(d => stored.TryGetValue(d.Kind, out var r) ? new AlertRule(d.Kind, r.Enabled, TimeSpan.FromSeconds(r.ForSeconds)) : d)];
    }

    public async Task<IReadOnlyList<Silence>> ActiveSilencesAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<AlertSilence>().AsNoTracking().ToListAsync(ct);
        return [.. rows.Where(r => r.EndsAt > now).Select(ToSilence)];
    }

    public static Silence ToSilence(AlertSilence r) =>
        new(Enum.Parse<SilenceScope>(r.Scope), r.Target, r.Kind, r.StartsAt, r.EndsAt);
}
