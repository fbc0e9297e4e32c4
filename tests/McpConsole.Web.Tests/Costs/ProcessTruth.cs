using System.Diagnostics;
using System.Globalization;

namespace McpConsole.Web.Tests.Costs;

/// <summary>
/// The kernel's own account of a process, read straight from /proc (not through the console's code): CPU seconds
/// (utime + stime over CLK_TCK, which getconf reports) and resident memory (VmRSS). It is the truth the console's
/// measurements are compared with; unlike a wall-clock share it does not depend on how loaded the machine is.
/// </summary>
internal static class ProcessTruth
{
    private static readonly Lazy<double> _ticksPerSecond = new(() =>
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        var text = getconf.StandardOutput.ReadToEnd().Trim();
        getconf.WaitForExit();
        return double.Parse(text, CultureInfo.InvariantCulture);
    });

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / _ticksPerSecond.Value;
    }

    public static double ResidentMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
