using McpConsole.Core.Costs;
using McpConsole.Core.Fleet;
using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Metrics;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Costs;

/// <summary>A cost-over-time series for the chart: one series per server or group, one value per bucket.</summary>
public sealed record CostSeries(string Name, IReadOnlyList<(DateTimeOffset Start, decimal Cost)> Points);

public enum CostGrouping { Server, Group }

/// <summary>
/// Reads usage (complete hours from ResourceHours, the hours not rolled up yet integrated from raw readings, so a
/// new console shows costs within minutes) and prices it with the current price book.
/// </summary>
public sealed class CostService(MetricsDatabase database, CostServers servers, CostPrices prices, TimeProvider clock, IOptions<CostOptions> options)
{
    private static readonly TimeSpan _hour = TimeSpan.FromHours(1);

    public async Task<CostSummary> SummaryAsync(int days, CancellationToken ct)
    {
        var (from, to) = Period(days);
        return CostSummary.Compute(await UsageAsync(from, to, ct), await prices.BookAsync(ct), from, to);
    }

    /// <summary>Cost per bucket (hours up to 2 days, else days), stacked by server or group.</summary>
    public async Task<IReadOnlyList<CostSeries>> SeriesAsync(int days, CostGrouping grouping, CancellationToken ct)
    {
        var (from, to) = Period(days);
        var book = await prices.BookAsync(ct);
        var usage = await UsageAsync(from, to, ct);
        var bucket = days <= 2 ? _hour : TimeSpan.FromDays(1);
        var starts = new List<DateTimeOffset>();
        for (var t = MetricsRange.Floor(from, bucket); t < to; t += bucket)
            starts.Add(t);
        return [.. usage
            .GroupBy(u => grouping == CostGrouping.Server ? u.Server.Name : u.Server.Group ?? CostSummary.None)
            .Select(g =>
            {
                var costs = g.SelectMany(u => u.Hours.Select(h => (Start: MetricsRange.Floor(h.Start, bucket), Cost: book.For(u.Server.Group, u.Server.Location).Of(h))))
                    .GroupBy(x => x.Start).ToDictionary(x => x.Key, x => x.Sum(y => y.Cost));
                return new CostSeries(g.Key, [.. starts.Select(s => (s, costs.GetValueOrDefault(s)))]);
            })
            .Where(s => s.Points.Any(p => p.Cost > 0))
            .OrderByDescending(s => s.Points.Sum(p => p.Cost))];
    }

    /// <summary>Usage per server and hour in [from, to).</summary>
    public async Task<IReadOnlyList<ServerUsage>> UsageAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var list = await servers.ListAsync(ct);
        var maxGap = options.Value.MaxGap;
        await using var connection = await database.OpenAsync(ct);
        var rolledUpTo = ResourceStore.RolledUpTo(connection) ?? DateTimeOffset.MinValue;
        var liveFrom = rolledUpTo > from ? rolledUpTo : from;
        var result = new List<ServerUsage>();
        foreach (var s in list)
        {
            var hours = rolledUpTo > from ? ResourceStore.Hours(connection, s.Costed.Id, from, rolledUpTo < to ? rolledUpTo : to) : [];
            if (liveFrom < to)
            {
                var raw = ResourceStore.Samples(connection, s.Costed.Id, liveFrom - maxGap, to);
                hours.AddRange(UsageIntegrator.Integrate(raw, s.Costed.Allocation, maxGap, _hour).Where(h => h.Start >= liveFrom && h.Start < to));
            }

            result.Add(new ServerUsage(s.Costed, hours));
        }

        return result;
    }

    /// <summary>Raw readings of the recommendation window, per server.</summary>
    public async Task<IReadOnlyList<ServerReadings>> ReadingsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var window = options.Value.Policy.Window;
        var book = await prices.BookAsync(ct);
        var summary = CostSummary.Compute(await UsageAsync(MetricsRange.Floor(now - window, _hour), now, ct), book, now - window, now);
        var monthly = summary.Servers.ToDictionary(s => s.ServerId, s => s.MonthlyEstimate);
        var list = await servers.ListAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        return [.. list.Select(s => new ServerReadings(s.Costed, book.For(s.Costed.Group, s.Costed.Location),
            ResourceStore.Samples(connection, s.Costed.Id, now - window - options.Value.MaxGap, now),
            s.CommandLine, monthly.GetValueOrDefault(s.Costed.Id),
            s.Transport == nameof(ServerTransport.Stdio) ? RequestCountSource.Console : RequestCountSource.ServerMetrics))];
    }

    private (DateTimeOffset From, DateTimeOffset To) Period(int days)
    {
        var now = clock.GetUtcNow();
        // The current hour is included so far; the first hour is whole.
        return (MetricsRange.Floor(now - TimeSpan.FromDays(days), _hour), now);
    }
}
