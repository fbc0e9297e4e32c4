using System.Globalization;
using System.Text;

namespace McpConsole.Bench.ScaleOut;

/// <summary>One instance in one measuring window: probes per second of the servers it leased, CPU seconds per minute.</summary>
internal sealed record InstanceWindow(string Name, double ProbesPerSecond, double CpuSecondsPerMinute);

internal sealed record Window(double ProbesPerSecond, IReadOnlyList<InstanceWindow> Instances, double Load)
{
    public double CpuSecondsPerMinute => Instances.Sum(i => i.CpuSecondsPerMinute);

    /// <summary>Console CPU (all instances) per probe, in milliseconds.</summary>
    public double CpuMsPerProbe => CpuSecondsPerMinute / 60 * 1000 / ProbesPerSecond;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{ProbesPerSecond:0.0} probes/s; {string.Join("; ", Instances.Select(i => $"{i.Name} {i.ProbesPerSecond:0.0} probes/s, {i.CpuSecondsPerMinute:0.0} CPU s/min"))}; load {Load:0.00}");
}

/// <summary>One kill -9: servers the killed instance held, and the time from the kill to their first probe by the survivor.</summary>
internal sealed record Takeover(int N, int Servers, int Probed, TimeSpan? Median, TimeSpan? Last, TimeSpan? AllLeases, double Load)
{
    public string Describe() =>
        $"kill {N}: {Probed}/{Servers} servers probed again; median {S(Median)}, last {S(Last)}; survivor held every lease after {S(AllLeases)}; load {Load:0.00}";

    public static string S(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "never";
}

internal static class Report
{
    public static string Markdown(int servers, int sampleServers, int interval, TimeSpan lease, TimeSpan window, IReadOnlyList<Window> one, IReadOnlyList<Window> two,
        IReadOnlyList<Takeover> takeovers, DateTimeOffset started, double loadStart, double loadEnd)
    {
        var md = new StringBuilder();
        var expected = servers / (double)interval;
        var cpuOne = Median(one.Select(w => w.Instances[0].CpuSecondsPerMinute));
        var cpuTwoPerInstance = Median(two.SelectMany(w => w.Instances).Select(i => i.CpuSecondsPerMinute));
        md.AppendLine(CultureInfo.InvariantCulture, $"""
            # Scale-out: probes per second, CPU per instance, takeover after kill -9

            Benchmark: `bench/McpConsole.Bench.ScaleOut` (`dotnet run -c Release --project bench/McpConsole.Bench.ScaleOut -- {servers} {interval} {takeovers.Count}`).
            A throwaway PostgreSQL 15 cluster (Debian's), {sampleServers} real sample MCP servers (child processes on 127.0.0.1) and the
            console as separate processes (`McpConsole.Web.dll`, Release) on one database, with the default heartbeat (2 s) and
            lease ({lease.TotalSeconds:0} s). The fleet: {servers} Streamable HTTP registrations spread over the sample servers, probed every
            {interval} s (so {expected:0} probes/s are due). Probes are counted in the shared `ProbeSamples` table; CPU is each console
            process's user + system time (its own counters; PostgreSQL and the sample servers not included). {one.Count} windows of
            {window.TotalSeconds:0} s with one instance, then a second instance joins and {two.Count} windows with two; then {takeovers.Count} times the
            second instance is killed with SIGKILL (at a random phase of the interval) and restarted.

            Machine: {Environment.ProcessorCount} cores (`nproc` = {Environment.ProcessorCount}), {Machine.CpuModel()}, shared with other
            engineers' builds and tests while measured. Load average (1 min) {loadStart:0.00} at the start, {loadEnd:0.00} at the end
            (per window below). {started:yyyy-MM-dd HH:mm} UTC.

            ## Probes per second and CPU

            | | 1 instance | 2 instances |
            |---|---|---|
            | probes/s, whole fleet (median of windows; {expected:0} due) | {Median(one.Select(w => w.ProbesPerSecond)):0.0} | {Median(two.Select(w => w.ProbesPerSecond)):0.0} |
            | probes/s per instance (median) | {Median(one.Select(w => w.Instances[0].ProbesPerSecond)):0.0} | {Median(two.SelectMany(w => w.Instances).Select(i => i.ProbesPerSecond)):0.0} |
            | CPU seconds per minute per instance (median) | {cpuOne:0.00} | {cpuTwoPerInstance:0.00} |
            | CPU seconds per minute, all instances (median) | {Median(one.Select(w => w.CpuSecondsPerMinute)):0.00} | {Median(two.Select(w => w.CpuSecondsPerMinute)):0.00} |
            | console CPU per probe, ms (median) | {Median(one.Select(w => w.CpuMsPerProbe)):0.0} | {Median(two.Select(w => w.CpuMsPerProbe)):0.0} |

            Ratio of CPU per instance, 2 instances / 1 instance: {cpuTwoPerInstance / cpuOne:0.00}. Ratio of total console CPU,
            2 / 1: {Median(two.Select(w => w.CpuSecondsPerMinute)) / Median(one.Select(w => w.CpuSecondsPerMinute)):0.00} (each instance also pays its own
            heartbeats, Hangfire polling and LISTEN connection, so the total grows while the share per instance shrinks).

            | window | instances | probes/s | per instance (probes/s, CPU s/min) | load (1 min) |
            |---|---|---|---|---|
            """);
        var n = 0;
        foreach (var w in one.Concat(two))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {++n} | {w.Instances.Count} | {w.ProbesPerSecond:0.0} | {string.Join("; ", w.Instances.Select(i => $"{i.Name}: {i.ProbesPerSecond:0.0}, {i.CpuSecondsPerMinute:0.00}"))} | {w.Load:0.00} |");

        var bound = lease + TimeSpan.FromSeconds(interval);
        md.AppendLine(CultureInfo.InvariantCulture, $"""

            ## Takeover after kill -9

            From the SIGKILL of the second instance to the first probe, by the survivor, of each server the killed instance held
            (a sample in `ProbeSamples` after the kill); "last" is when every one of them had been probed again. The bound is one
            lease expiry plus one interval = {bound.TotalSeconds:0} s. Median over kills of the last server: {Takeover.S(Median(takeovers.Where(t => t.Last is not null).Select(t => t.Last!.Value)))}.

            | kill | servers of the killed instance | probed again | median | last | survivor holds every lease | load (1 min) |
            |---|---|---|---|---|---|---|
            """);
        foreach (var t in takeovers)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.N} | {t.Servers} | {t.Probed} | {Takeover.S(t.Median)} | {Takeover.S(t.Last)} | {Takeover.S(t.AllLeases)} | {t.Load:0.00} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Within the bound of {bound.TotalSeconds:0} s: {takeovers.Count(t => t.Last is { } l && l <= bound)} of {takeovers.Count} kills.");
        return md.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var list = values.Order().ToList();
        return list.Count == 0 ? double.NaN : list.Count % 2 == 1 ? list[list.Count / 2] : (list[list.Count / 2 - 1] + list[list.Count / 2]) / 2;
    }

    private static TimeSpan? Median(IEnumerable<TimeSpan> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : TimeSpan.FromSeconds(Median(list.Select(t => t.TotalSeconds)));
    }
}

internal static class Machine
{
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "McpConsole.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
