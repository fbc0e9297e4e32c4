using System.Globalization;
using System.Text;

namespace McpConsole.Bench.Failover;

/// <summary>One kill. Times are from the SIGKILL of the primary; null = never happened before the deadline.</summary>
/// <param name="Phase">Wait after the pair was healthy, before the kill (uniform over the check interval).</param>
/// <param name="FirstFailedCheck">Kill to the timeline's Suspect event (the check round that first saw the primary down).</param>
/// <param name="Promoted">Kill to the standby's own GET /role answering primary (its /promote was answered).</param>
/// <param name="Published">Kill to GET /api/failover/groups/{id} naming the standby as the active server.</param>
public sealed record KillRun(int N, TimeSpan Phase, double Load, TimeSpan? FirstFailedCheck, TimeSpan? Promoted, TimeSpan? Published)
{
    public TimeSpan? DetectionToPromotion => Promoted - FirstFailedCheck;

    public string Describe() =>
        $"kill {N,2}: phase {S(Phase)}, first failed check {S(FirstFailedCheck)}, promoted {S(Promoted)}, published {S(Published)}, load {Load:0.00}";

    public static string S(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "never";
}

internal static class Report
{
    public static string Markdown(IReadOnlyList<KillRun> runs, int interval, int failures, TimeSpan bound, DateTimeOffset started, double loadStart, double loadEnd)
    {
        var md = new StringBuilder();
        var inBound = runs.Count(r => r.Promoted is { } p && p <= bound);
        md.AppendLine(CultureInfo.InvariantCulture, $"""
            # Failover: detection-to-promotion time

            Benchmark: `bench/McpConsole.Bench.Failover` (`dotnet run -c Release --project bench/McpConsole.Bench.Failover -- {runs.Count} {interval} {failures}`).
            The real console in-process (`ConsoleAppFactory`: real SQLite, the real Hangfire job ticking every second) and,
            for each kill, a fresh pair of real sample MCP servers (child processes on 127.0.0.1) in a new failover group with
            check interval {interval} s, {failures} failures before failover, timeout {Math.Min(5000, interval * 750) / 1000.0:0.#} s (the default policy{(interval == 10 && failures == 3 ? "" : " except where stated")}).
            Once both members passed a check, the benchmark waits a random 0 to {interval} s (so kills land at every phase of
            the check interval), then SIGKILLs the primary.

            Definitions, all measured from the kill:
            - **first failed check**: the `Suspect` event on the group's timeline (the end of the first check round that
              found the primary down);
            - **promoted**: the standby's own `GET /role` (polled every 20 ms; the end of the first poll that answered) says
              `primary`, i.e. its `POST /promote` at the new epoch was answered;
            - **published**: `GET /api/failover/groups/{"{id}"}` names the standby as the active server (what a load balancer follows);
            - **detection to promotion**: from the first failed check to promoted.

            The bound from the issue is interval x failures + 5 s = {bound.TotalSeconds:0} s, on kill to promoted.

            Machine: {Environment.ProcessorCount} cores (`nproc` = {Environment.ProcessorCount}), {Machine.CpuModel()}, shared with
            other engineers' builds and tests while measured. Load average (1 min) {loadStart:0.00} at the start, {loadEnd:0.00}
            at the end, {runs.Average(r => r.Load):0.00} on average at the kills. {runs.Count} kills, {started:yyyy-MM-dd HH:mm} UTC.

            | from the kill to | median | min | max |
            |---|---|---|---|
            """);
        Row(md, "first failed check", runs.Select(r => r.FirstFailedCheck));
        Row(md, "promoted (standby answers primary)", runs.Select(r => r.Promoted));
        Row(md, "published by the API", runs.Select(r => r.Published));
        Row(md, "detection to promotion (first failed check to promoted)", runs.Select(r => r.DetectionToPromotion));
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Within the bound of {bound.TotalSeconds:0} s: {inBound} of {runs.Count} kills.");
        md.AppendLine();
        md.AppendLine("| kill | phase | first failed check | promoted | published | load (1 min) |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in runs)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.N} | {KillRun.S(r.Phase)} | {KillRun.S(r.FirstFailedCheck)} | {KillRun.S(r.Promoted)} | {KillRun.S(r.Published)} | {r.Load:0.00} |");
        return md.ToString();
    }

    private static void Row(StringBuilder md, string label, IEnumerable<TimeSpan?> values)
    {
        var list = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        if (list.Count == 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | never | | |");
            return;
        }
        var median = list.Count % 2 == 1 ? list[list.Count / 2] : (list[list.Count / 2 - 1] + list[list.Count / 2]) / 2;
        md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {KillRun.S(median)} | {KillRun.S(list[0])} | {KillRun.S(list[^1])} |");
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
