using System.Diagnostics;
using McpConsole.Web.Features.Probing;

namespace McpConsole.Web.Features.Costs.Sampling;

/// <summary>
/// Reads a stdio server's process and its children from the process table: CPU time (user + system) and resident
/// memory summed over the tree. A child that exits takes its CPU time with it; the sampler then sees the counter go
/// down and starts a new baseline instead of recording a negative usage.
/// </summary>
public static class ProcessReader
{
    public static Reading? Read(int rootPid, DateTimeOffset at)
    {
        if (!ProcessTable.IsSupported || ProcessTable.StartTime(rootPid) is not { } rootStart)
            return null;
        double cpu = 0, memory = 0;
        foreach (var (pid, _) in ProcessTable.Tree(rootPid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                cpu += process.TotalProcessorTime.TotalSeconds;
                memory += process.WorkingSet64;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // exited between the listing and the read
            }
        }

        return new Reading(at, cpu, memory, null, $"pid:{rootPid}:{rootStart}");
    }
}
