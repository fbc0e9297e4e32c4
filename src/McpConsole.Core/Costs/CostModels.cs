namespace McpConsole.Core.Costs;

/// <summary>
/// One resource reading of one server. <paramref name="CpuCores"/> is the average number of cores used since the
/// previous reading (a CPU-time delta divided by the wall-clock delta); <paramref name="MemoryMb"/> is the resident
/// memory at <paramref name="At"/>; <paramref name="Requests"/> the client requests served since the previous reading
/// (null when unknown). Null CPU or memory means "not measured".
/// </summary>
public sealed record ResourceSample(DateTimeOffset At, double? CpuCores, double? MemoryMb, long? Requests = null);

/// <summary>What the registry allocates to a server (null when nothing is recorded).</summary>
public sealed record Allocation(double? CpuCores, double? MemoryMb)
{
    public static readonly Allocation None = new(null, null);
}

/// <summary>
/// Usage of one server in one bucket (e.g. an hour), as time integrals. <see cref="KnownSeconds"/> is the part of the
/// bucket with any measurement; each resource has its own known time (<see cref="KnownCpuSeconds"/>,
/// <see cref="KnownMemorySeconds"/>): a server may report its memory but not its CPU. Used integrals cover only the
/// time that resource was known. Billed = max(allocated, used) where the resource was known, and the allocation where it
/// was not (the Assumed integrals): an unmeasured resource still costs what is reserved for it. Idle = billed - used over
/// the measured time only (nothing is known to be idle where nothing was measured).
/// Integrals are in core-seconds and MB-seconds so buckets add up exactly.
/// </summary>
public sealed record UsageBucket(
    DateTimeOffset Start,
    double KnownSeconds,
    double KnownCpuSeconds,
    double UsedCpuCoreSeconds,
    double BilledCpuCoreSeconds,
    double AssumedCpuCoreSeconds,
    double KnownMemorySeconds,
    double UsedMemoryMbSeconds,
    double BilledMemoryMbSeconds,
    double AssumedMemoryMbSeconds,
    long? Requests,
    int Samples,
    double PeakCpuCores,
    double PeakMemoryMb)
{
    public double IdleCpuCoreSeconds => BilledCpuCoreSeconds - AssumedCpuCoreSeconds - UsedCpuCoreSeconds;
    public double IdleMemoryMbSeconds => BilledMemoryMbSeconds - AssumedMemoryMbSeconds - UsedMemoryMbSeconds;

    /// <summary>Average cores over the time CPU was known (null: never known).</summary>
    public double? AverageCpuCores => KnownCpuSeconds > 0 ? UsedCpuCoreSeconds / KnownCpuSeconds : null;

    /// <summary>Average MB over the time memory was known (null: never known).</summary>
    public double? AverageMemoryMb => KnownMemorySeconds > 0 ? UsedMemoryMbSeconds / KnownMemorySeconds : null;

    /// <summary>Sums buckets (e.g. hours into a day) under a new start.</summary>
    public static UsageBucket Sum(DateTimeOffset start, IEnumerable<UsageBucket> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        return new UsageBucket(start, list.Sum(p => p.KnownSeconds),
            list.Sum(p => p.KnownCpuSeconds), list.Sum(p => p.UsedCpuCoreSeconds), list.Sum(p => p.BilledCpuCoreSeconds), list.Sum(p => p.AssumedCpuCoreSeconds),
            list.Sum(p => p.KnownMemorySeconds), list.Sum(p => p.UsedMemoryMbSeconds), list.Sum(p => p.BilledMemoryMbSeconds), list.Sum(p => p.AssumedMemoryMbSeconds),
            list.Any(p => p.Requests is not null) ? list.Sum(p => p.Requests ?? 0) : null,
            list.Sum(p => p.Samples), list.Count == 0 ? 0 : list.Max(p => p.PeakCpuCores), list.Count == 0 ? 0 : list.Max(p => p.PeakMemoryMb));
    }
}

/// <summary>A price: per vCPU-hour and per GB-hour (GB = 1024 MB), in one currency.</summary>
public sealed record Price(decimal CpuCoreHour, decimal GbHour, string Currency = Price.DefaultCurrency)
{
    public const string DefaultCurrency = "USD";

    /// <summary>OpenCost's public default list prices: $0.031611 per vCPU-hour, $0.004237 per GB-hour.</summary>
    public static readonly Price Default = new(0.031611m, 0.004237m);

    /// <summary>The cost of a bucket at this price: billed core-hours and GB-hours.</summary>
    public decimal Of(UsageBucket b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return Cost(b.BilledCpuCoreSeconds, b.BilledMemoryMbSeconds);
    }

    public decimal IdleOf(UsageBucket b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return Cost(b.IdleCpuCoreSeconds, b.IdleMemoryMbSeconds);
    }

    /// <summary>Cost of core-seconds and MB-seconds.</summary>
    public decimal Cost(double cpuCoreSeconds, double memoryMbSeconds) =>
        (decimal)(cpuCoreSeconds / 3600) * CpuCoreHour + (decimal)(memoryMbSeconds / 1024 / 3600) * GbHour;
}

/// <summary>
/// Prices by server group and by location; a group price wins over a location price (it is the more specific), and
/// the default applies to the rest.
/// </summary>
public sealed record PriceBook(Price Default, IReadOnlyDictionary<string, Price> ByGroup, IReadOnlyDictionary<string, Price> ByLocation)
{
    public static readonly PriceBook Defaults = new(Price.Default, new Dictionary<string, Price>(), new Dictionary<string, Price>());

    public Price For(string? group, string? location) =>
        group is not null && ByGroup.TryGetValue(group, out var g) ? g
        : location is not null && ByLocation.TryGetValue(location, out var l) ? l
        : Default;
}
