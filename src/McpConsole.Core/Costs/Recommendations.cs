namespace McpConsole.Core.Costs;

public enum RecommendationKind { CpuDown, CpuUp, MemoryDown, MemoryUp, Idle, Duplicate }

/// <summary>
/// Right-sizing policy. Defaults: p95 over 7 days plus 15 % headroom against the allocation; under-use when the p95
/// is below 20 % of the allocation, over-use above 80 %; idle after 24 h without a client request; no right-sizing
/// from less than 24 h of measurements. <see cref="MaxGap"/> is the sampler's gap rule (see <see cref="UsageIntegrator"/>).
/// </summary>
public sealed record RecommendationPolicy(
    TimeSpan Window, double Percentile, double Headroom, double UnderUse, double OverUse, TimeSpan IdleWindow, TimeSpan MinimumData, TimeSpan MaxGap)
{
    public static readonly RecommendationPolicy Default = new(TimeSpan.FromDays(7), 95, 0.15, 0.20, 0.80, TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromMinutes(2));

    /// <summary>Idle needs request counts over this share of the idle window (a short outage does not hide demand).</summary>
    public const double IdleCoverage = 0.9;
}

/// <summary>What a recommendation rests on: the percentile of usage, the window, how many readings and hours.</summary>
public sealed record Evidence(string Metric, double? Percentile, double? Value, double? Allocated, double? Recommended, TimeSpan Window, int Samples, double KnownHours, string Text);

/// <summary>
/// One recommendation. <see cref="MonthlySaving"/> is negative when acting on it costs more (scaling up).
/// <see cref="Key"/> identifies it for dismiss and snooze ("{serverId}:{kind}").
/// </summary>
public sealed record Recommendation(int ServerId, string ServerName, RecommendationKind Kind, string Action, Evidence Evidence, decimal MonthlySaving, string Currency)
{
    public string Key => $"{ServerId}:{Kind}";
}

/// <summary>A server whose measurements are too few to judge: how many hours it has and how many more it needs.</summary>
public sealed record DataShortfall(int ServerId, string ServerName, double HaveHours, double NeedHours)
{
    public int MoreHours => (int)Math.Ceiling(NeedHours - HaveHours);
    public string Text => $"Not enough data: need {MoreHours} more hour{(MoreHours == 1 ? "" : "s")} of measurements (have {Have} of {NeedHours:0.#} h).";

    /// <summary>Minutes under an hour: "0 h" would read as nothing measured at all.</summary>
    private string Have => HaveHours >= 1 ? $"{HaveHours:0.#} h" : $"{Math.Floor(HaveHours * 60):0} min";
}

public sealed record RecommendationSet(IReadOnlyList<Recommendation> Items, IReadOnlyList<DataShortfall> Waiting);

/// <summary>
/// Where a server's request counts come from: its own metrics (mcp_requests_total), or the console, which counts the
/// requests it sends itself; that is every request only for a stdio server the console launched (its only client).
/// </summary>
public enum RequestCountSource { ServerMetrics, Console }

/// <summary>A server's readings in the window, for the recommender. Command line for duplicate detection (stdio only).</summary>
public sealed record ServerReadings(
    CostedServer Server, Price Price, IReadOnlyList<ResourceSample> Samples, string? CommandLine, decimal MonthlyEstimate,
    RequestCountSource RequestSource = RequestCountSource.ServerMetrics);

public static class Recommender
{
    public static RecommendationSet Compute(IReadOnlyList<ServerReadings> servers, RecommendationPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(policy);
        var items = new List<Recommendation>();
        var waiting = new List<DataShortfall>();
        foreach (var s in servers)
        {
            var windowed = s.Samples.Where(x => x.At > now - policy.Window && x.At <= now).ToList();
            var intervals = UsageIntegrator.KnownIntervals(windowed, policy.MaxGap).ToList();
            // Each resource is judged on its own evidence: a server that reports its memory but not its CPU gets memory
            // advice only, never CPU advice from readings that have no CPU.
            var cpu = intervals.Where(i => i.Sample.CpuCores is not null).ToList();
            var memory = intervals.Where(i => i.Sample.MemoryMb is not null).ToList();
            var (cpuHours, memoryHours) = (Hours(cpu), Hours(memory));
            if (Math.Max(cpuHours, memoryHours) < policy.MinimumData.TotalHours)
                waiting.Add(new DataShortfall(s.Server.Id, s.Server.Name, Math.Max(cpuHours, memoryHours), policy.MinimumData.TotalHours));
            if (cpuHours >= policy.MinimumData.TotalHours)
                Add(items, RightSize(s, cpu, cpuHours, policy, cpu: true));
            if (memoryHours >= policy.MinimumData.TotalHours)
                Add(items, RightSize(s, memory, memoryHours, policy, cpu: false));

            Add(items, Idle(s, policy, now));
        }

        items.AddRange(Duplicates(servers, policy));
        return new RecommendationSet([.. items.OrderByDescending(r => r.MonthlySaving).ThenBy(r => r.ServerName, StringComparer.OrdinalIgnoreCase)], waiting);
    }

    private static double Hours(List<(DateTimeOffset From, ResourceSample Sample)> intervals) =>
        intervals.Sum(i => (i.Sample.At - i.From).Ticks) / (double)TimeSpan.TicksPerHour; // ticks: exact

    /// <summary>Time-weighted percentile: the smallest value at or below which <paramref name="p"/> % of the time was spent.</summary>
    public static double WeightedPercentile(IEnumerable<(double Value, double Weight)> values, double p)
    {
        var sorted = values.Where(v => v.Weight > 0).OrderBy(v => v.Value).ToList();
        if (sorted.Count == 0)
            throw new ArgumentException("no values", nameof(values));
        var target = p / 100 * sorted.Sum(v => v.Weight);
        var cumulative = 0.0;
        foreach (var (value, weight) in sorted)
        {
            cumulative += weight;
            if (cumulative >= target - 1e-9)
                return value;
        }

        return sorted[^1].Value;
    }

    /// <summary>Cores rounded up to 0.05, memory up to 32 MB: allocations people actually write.</summary>
    public static double RoundUp(double value, bool cpu)
    {
        var step = cpu ? 0.05 : 32;
        return Math.Max(step, Math.Ceiling(Math.Round(value / step, 9)) * step);
    }

    private static void Add(List<Recommendation> items, Recommendation? r)
    {
        if (r is not null)
            items.Add(r);
    }

    /// <summary>Right-sizing of one resource from the intervals where it was measured.</summary>
    private static Recommendation? RightSize(ServerReadings s, List<(DateTimeOffset From, ResourceSample Sample)> intervals, double knownHours, RecommendationPolicy policy, bool cpu)
    {
        var allocated = cpu ? s.Server.Allocation.CpuCores : s.Server.Allocation.MemoryMb;
        if (allocated is not > 0)
            return null;
        double Used((DateTimeOffset From, ResourceSample Sample) i) => cpu ? i.Sample.CpuCores!.Value : i.Sample.MemoryMb!.Value;
        var p = WeightedPercentile(intervals.Select(i => (Used(i), (i.Sample.At - i.From).TotalSeconds)), policy.Percentile);
        var share = p / allocated.Value;
        if (share >= policy.UnderUse && share <= policy.OverUse)
            return null;
        var recommended = RoundUp(p * (1 + policy.Headroom), cpu);
        if (share < policy.UnderUse && recommended >= allocated.Value)
            return null;
        // Saving: the billed integral at today's allocation minus at the recommended one, per measured hour, x 730.
        var delta = intervals.Sum(i => (Math.Max(allocated.Value, Used(i)) - Math.Max(recommended, Used(i))) * (i.Sample.At - i.From).TotalSeconds);
        var monthly = (cpu ? s.Price.Cost(delta, 0) : s.Price.Cost(0, delta)) / (decimal)knownHours * (decimal)CostSummary.HoursPerMonth;
        var unit = cpu ? "cores" : "MB";
        var kind = share < policy.UnderUse ? (cpu ? RecommendationKind.CpuDown : RecommendationKind.MemoryDown) : (cpu ? RecommendationKind.CpuUp : RecommendationKind.MemoryUp);
        var verb = share < policy.UnderUse ? "Scale down" : "Scale up";
        var metric = cpu ? "CPU" : "memory";
        var text = $"p{policy.Percentile:0} {metric} {Format(p, cpu)} {unit} is {share:P0} of the {Format(allocated.Value, cpu)} {unit} allocated "
            + $"({(share < policy.UnderUse ? "under-used, below" : "over-used, above")} {(share < policy.UnderUse ? policy.UnderUse : policy.OverUse):P0}); "
            + $"+{policy.Headroom:P0} headroom gives {Format(recommended, cpu)} {unit}. {intervals.Count} readings over {knownHours:0.#} h in the last {policy.Window.TotalDays:0.#} days.";
        return new Recommendation(s.Server.Id, s.Server.Name, kind, $"{verb} {metric} from {Format(allocated.Value, cpu)} to {Format(recommended, cpu)} {unit}",
            new Evidence(metric, policy.Percentile, p, allocated, recommended, policy.Window, intervals.Count, knownHours, text),
            Money(monthly), s.Price.Currency);
    }

    private static Recommendation? Idle(ServerReadings s, RecommendationPolicy policy, DateTimeOffset now)
    {
        var recent = s.Samples.Where(x => x.At > now - policy.IdleWindow && x.At <= now).ToList();
        // The reading just before the window opens the first interval inside it.
        var before = s.Samples.LastOrDefault(x => x.At <= now - policy.IdleWindow);
        if (before is not null)
            recent.Insert(0, before);
        var counted = new List<(DateTimeOffset From, ResourceSample Sample)>();
        for (var i = 1; i < recent.Count; i++)
        {
            var length = recent[i].At - recent[i - 1].At;
            if (length > TimeSpan.Zero && length <= policy.MaxGap && recent[i].Requests is not null)
                counted.Add((recent[i - 1].At, recent[i]));
        }

        var covered = counted.Sum(c => (c.Sample.At - (c.From < now - policy.IdleWindow ? now - policy.IdleWindow : c.From)).Ticks) / (double)TimeSpan.TicksPerHour;
        if (covered < policy.IdleWindow.TotalHours * RecommendationPolicy.IdleCoverage || counted.Sum(c => c.Sample.Requests!.Value) > 0)
            return null;
        var source = s.RequestSource == RequestCountSource.Console
            ? "counted by the console, this stdio server's only client; the console's own probes are not client requests"
            : "from the server's own metrics: mcp_requests_total for " + string.Join(", ", RequestKinds.DemandMethods);
        var text = $"0 client requests in {counted.Count} readings covering {covered:0.#} h of the last {policy.IdleWindow.TotalHours:0} h ({source}).";
        return new Recommendation(s.Server.Id, s.Server.Name, RecommendationKind.Idle, "No requests for 24 h: scale to zero or shut down",
            new Evidence("requests", null, 0, null, null, policy.IdleWindow, counted.Count, covered, text), Money(s.MonthlyEstimate), s.Price.Currency);
    }

    private static IEnumerable<Recommendation> Duplicates(IReadOnlyList<ServerReadings> servers, RecommendationPolicy policy)
    {
        foreach (var group in servers.Where(s => !string.IsNullOrEmpty(s.CommandLine)).GroupBy(s => s.CommandLine, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var keep = group.OrderBy(s => s.Server.Id).First();
            foreach (var s in group.Where(s => s != keep))
            {
                var text = $"Same command and arguments as '{keep.Server.Name}': {s.CommandLine}";
                yield return new Recommendation(s.Server.Id, s.Server.Name, RecommendationKind.Duplicate, $"Consolidate into '{keep.Server.Name}'",
                    new Evidence("command line", null, null, null, null, policy.Window, s.Samples.Count, 0, text), Money(s.MonthlyEstimate), s.Price.Currency);
            }
        }
    }

    private static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static string Format(double value, bool cpu) => cpu ? value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
