using System.Diagnostics;
using System.Globalization;

namespace McpConsole.Web.Features.Probing;

/// <summary>Linux /proc helpers for the stdio supervisor: children, start times, command lines, killing trees.</summary>
public static class ProcessTable
{
    public static bool IsSupported => OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    /// <summary>Direct children of this process.</summary>
    public static IReadOnlyList<int> Children()
    {
        var self = Environment.ProcessId;
        var result = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ParentOf(pid) == self)
            {
                result.Add(pid);
            }
        }

        return result;
    }

    /// <summary>The process and all its descendants with their start times (so a recycled PID is never killed).</summary>
    public static IReadOnlyList<(int Pid, long StartTime)> Tree(int root)
    {
        var byParent = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                (byParent.TryGetValue(parent, out var list) ? list : byParent[parent] = []).Add(pid);
            }
        }

        var result = new List<(int, long)>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            if (StartTime(pid) is { } start)
            {
                result.Add((pid, start));
            }

            foreach (var child in byParent.GetValueOrDefault(pid) ?? [])
            {
                queue.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>Kills each listed process that is still the same process (PID and start time).</summary>
    public static void KillAll(IEnumerable<(int Pid, long StartTime)> processes)
    {
        foreach (var (pid, start) in processes)
        {
            if (IsAlive(pid, start))
            {
                KillTree(pid);
            }
        }
    }

    public static int? ParentOf(int pid) => StatField(pid, 4) is { } s && int.TryParse(s, CultureInfo.InvariantCulture, out var ppid) ? ppid : null;

    /// <summary>Start time in clock ticks since boot (/proc/PID/stat field 22): with the PID, identifies one process.</summary>
    public static long? StartTime(int pid) => StatField(pid, 22) is { } s && long.TryParse(s, CultureInfo.InvariantCulture, out var t) ? t : null;

    public static IReadOnlyList<string>? CommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Length == 0 ? null : raw.TrimEnd('\0').Split('\0');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static bool IsAlive(int pid, long? startTime = null)
    {
        var actual = StartTime(pid);
        return actual is not null && (startTime is null || actual == startTime) && StatField(pid, 3) != "Z";
    }

    /// <summary>True when the command line is <paramref name="command"/> (by file name) followed by exactly these arguments.</summary>
    public static bool Matches(IReadOnlyList<string>? cmdline, string command, IReadOnlyList<string> arguments)
    {
        if (cmdline is null || cmdline.Count < arguments.Count + 1)
        {
            return false;
        }

        var offset = cmdline.Count - arguments.Count;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (!string.Equals(cmdline[offset + i], arguments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        var name = Path.GetFileName(command);
        return cmdline.Take(offset).Any(part => string.Equals(Path.GetFileName(part), name, StringComparison.Ordinal));
    }

    /// <summary>Kills the process and all its descendants; no-op when it is gone.</summary>
    public static void KillTree(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // gone already, or not ours to kill
        }
    }

    // Fields after the command name, which is in parentheses and may itself contain spaces.
    private static string? StatField(int pid, int field)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }

            var rest = stat[(close + 2)..].Split(' ');
            var index = field - 3;
            return index >= 0 && index < rest.Length ? rest[index] : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The exit code of a child process this console started, waiting up to <paramref name="wait"/> for it to end;
    /// null if it is not (or no longer) known to this process.
    /// </summary>
    public static async Task<int?> ExitCodeAsync(int pid, TimeSpan wait)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            using var timeout = new CancellationTokenSource(wait);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OperationCanceledException)
        {
            return null;
        }
    }
}
