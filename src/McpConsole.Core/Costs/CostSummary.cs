namespace McpConsole.Core.Costs;

/// <summary>A server as costing sees it: placement (for prices and breakdowns) and allocation.</summary>
public sealed record CostedServer(int Id, string Name, string? Group, string? Location, IReadOnlyList<string> Tags, Allocation Allocation);

/// <summary>Usage buckets (hours) of one server.</summary>
public sealed record ServerUsage(CostedServer Server, IReadOnlyList<UsageBucket> Hours);

/// <summary>A cost over one period or one key.</summary>
public sealed record CostTotal(string Key, DateTimeOffset? Start, decimal Cost, decimal IdleCost);

/// <summary>
/// One server's cost over the summary period. MonthlyEstimate = cost per measured hour x 730. Averages are over the time
/// each resource was measured; null when it never was (a server that reports only its memory has no CPU average).
/// </summary>
public sealed record ServerCost(
    int ServerId, string Name, string? Group, string? Location, IReadOnlyList<string> Tags,
    decimal Cost, decimal IdleCost, double KnownHours, double? AvgCpuCores, double? AvgMemoryMb, long? Requests, decimal MonthlyEstimate);

/// <summary>
/// Fleet cost over [From, To): totals per UTC day, ISO week (from Monday) and calendar month, the daily average over
/// the days that have measurements, the most expensive hour, and breakdowns by group, location and tag (a server
/// with two tags counts under both, so tag totals can add up to more than the fleet total).
/// </summary>
public sealed record CostSummary(
    DateTimeOffset From, DateTimeOffset To, string Currency, decimal Total, decimal Idle, decimal DailyAverage, int DaysWithData,
    CostTotal? PeakHour, IReadOnlyList<CostTotal> ByDay, IReadOnlyList<CostTotal> ByWeek, IReadOnlyList<CostTotal> ByMonth,
    IReadOnlyList<CostTotal> ByGroup, IReadOnlyList<CostTotal> ByLocation, IReadOnlyList<CostTotal> ByTag, IReadOnlyList<ServerCost> Servers)
{
    public const string None = "(none)";
    public const double HoursPerMonth = 730; // 8760 / 12

    public static CostSummary Compute(IReadOnlyList<ServerUsage> usage, PriceBook prices, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(prices);
        var rows = new List<(CostedServer Server, UsageBucket Hour, decimal Cost, decimal Idle)>();
        var servers = new List<ServerCost>();
        foreach (var u in usage)
        {
            var price = prices.For(u.Server.Group, u.Server.Location);
            var hours = u.Hours.Where(h => h.Start >= from && h.Start < to).ToList();
            foreach (var h in hours)
                rows.Add((u.Server, h, price.Of(h), price.IdleOf(h)));
            var sum = UsageBucket.Sum(from, hours);
            var cost = price.Of(sum);
            var knownHours = sum.KnownSeconds / 3600;
            servers.Add(new ServerCost(u.Server.Id, u.Server.Name, u.Server.Group, u.Server.Location, u.Server.Tags,
                cost, price.IdleOf(sum), knownHours,
                sum.AverageCpuCores, sum.AverageMemoryMb,
                sum.Requests, knownHours > 0 ? cost / (decimal)knownHours * (decimal)HoursPerMonth : 0));
        }

        var byDay = Totals(rows, r => Day(r.Hour.Start));
        var peak = rows.GroupBy(r => r.Hour.Start)
            .Select(g => new CostTotal(g.Key.ToString("yyyy-MM-dd HH:00", System.Globalization.CultureInfo.InvariantCulture), g.Key, g.Sum(r => r.Cost), g.Sum(r => r.Idle)))
            .OrderByDescending(t => t.Cost).ThenBy(t => t.Start).FirstOrDefault();
        var total = rows.Sum(r => r.Cost);
        return new CostSummary(from, to, prices.Default.Currency, total, rows.Sum(r => r.Idle),
            byDay.Count == 0 ? 0 : total / byDay.Count, byDay.Count, peak, byDay,
            Totals(rows, r => Week(r.Hour.Start)), Totals(rows, r => Month(r.Hour.Start)),
            ByKey(rows, r => [r.Server.Group ?? None]), ByKey(rows, r => [r.Server.Location ?? None]),
            ByKey(rows, r => r.Server.Tags.Count == 0 ? [None] : r.Server.Tags),
            [.. servers.OrderByDescending(s => s.Cost).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)]);
    }

    public static DateTimeOffset Day(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    public static DateTimeOffset Week(DateTimeOffset at)
    {
        var day = Day(at);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    public static DateTimeOffset Month(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<CostTotal> Totals(List<(CostedServer Server, UsageBucket Hour, decimal Cost, decimal Idle)> rows, Func<(CostedServer Server, UsageBucket Hour, decimal Cost, decimal Idle), DateTimeOffset> period) =>
        [.. rows.GroupBy(period).OrderBy(g => g.Key)
            .Select(g => new CostTotal(g.Key.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), g.Key, g.Sum(r => r.Cost), g.Sum(r => r.Idle)))];

    private static List<CostTotal> ByKey(List<(CostedServer Server, UsageBucket Hour, decimal Cost, decimal Idle)> rows, Func<(CostedServer Server, UsageBucket Hour, decimal Cost, decimal Idle), IReadOnlyList<string>> keys) =>
        [.. rows.SelectMany(r => keys(r).Select(k => (Key: k, r.Cost, r.Idle))).GroupBy(x => x.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CostTotal(g.Key, null, g.Sum(x => x.Cost), g.Sum(x => x.Idle))).OrderByDescending(t => t.Cost).ThenBy(t => t.Key, StringComparer.OrdinalIgnoreCase)];
}
