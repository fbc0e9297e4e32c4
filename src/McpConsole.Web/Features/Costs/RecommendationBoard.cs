using McpConsole.Core.Costs;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Costs;

/// <summary>A recommendation as shown: with whether and until when an operator set it aside.</summary>
public sealed record RecommendationView(string Key, int ServerId, string ServerName, RecommendationKind Kind, string Action, Evidence Evidence,
    decimal MonthlySaving, string Currency);

/// <summary>Open recommendations, servers still collecting data, and how many are dismissed or snoozed.</summary>
public sealed record RecommendationsResult(IReadOnlyList<RecommendationView> Items, IReadOnlyList<DataShortfall> Waiting, int Hidden, DateTimeOffset ComputedAt);

/// <summary>Computes recommendations (Core Recommender) and applies the stored dismiss / snooze decisions (audited).</summary>
public sealed class RecommendationBoard(CostService costs, IDbContextFactory<ConsoleDbContext> dbFactory, AuditLog audit, TimeProvider clock, IOptions<CostOptions> options)
{
    public static readonly TimeSpan DefaultSnooze = TimeSpan.FromDays(7);

    public async Task<RecommendationsResult> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var set = Recommender.Compute(await costs.ReadingsAsync(ct), options.Value.Policy, now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var decisions = await db.Set<RecommendationDecisionRow>().AsNoTracking().ToDictionaryAsync(d => d.Key, ct);
        bool Hidden(Recommendation r) => decisions.TryGetValue(r.Key, out var d) && (d.Dismissed || d.SnoozedUntil > now);
        var visible = set.Items.Where(r => !Hidden(r)).Select(r => new RecommendationView(r.Key, r.ServerId, r.ServerName, r.Kind, r.Action, r.Evidence, r.MonthlySaving, r.Currency));
        return new RecommendationsResult([.. visible], set.Waiting, set.Items.Count(Hidden), now);
    }

    public Task<bool> DismissAsync(string key, string actor, CancellationToken ct) => DecideAsync(key, true, null, actor, ct);

    public Task<bool> SnoozeAsync(string key, TimeSpan duration, string actor, CancellationToken ct) =>
        DecideAsync(key, false, clock.GetUtcNow() + duration, actor, ct);

    /// <summary>Brings a dismissed or snoozed recommendation back.</summary>
    public async Task<bool> RestoreAsync(string key, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<RecommendationDecisionRow>().FindAsync([key], ct);
        if (row is null)
            return false;
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, "costs.recommendation.restore", key), ct);
        return true;
    }

    private async Task<bool> DecideAsync(string key, bool dismiss, DateTimeOffset? until, string actor, CancellationToken ct)
    {
        if (ParseKey(key) is not { } serverId)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Servers.AnyAsync(s => s.Id == serverId, ct))
            return false;
        var row = await db.Set<RecommendationDecisionRow>().FindAsync([key], ct);
        if (row is null)
            db.Add(row = new RecommendationDecisionRow { Key = key, ServerId = serverId, DecidedBy = actor });
        row.Dismissed = dismiss;
        row.SnoozedUntil = until;
        row.DecidedBy = actor;
        row.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, dismiss ? "costs.recommendation.dismiss" : "costs.recommendation.snooze", key,
            until is { } u ? $"until {u:yyyy-MM-dd HH:mm} UTC" : null), ct);
        return true;
    }

    /// <summary>"12:CpuDown" -> 12; null when the key is not a server id and a known kind.</summary>
    public static int? ParseKey(string key)
    {
        var parts = key.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var id)
            && Enum.TryParse<RecommendationKind>(parts[1], false, out var kind) && Enum.IsDefined(kind) ? id : null;
    }
}
