using System.Diagnostics;

namespace McpConsole.SampleServer.Hosting;

/// <summary>
/// With <c>--parent-pid N</c> the server exits when process N is gone. The console's demo fleet passes its own PID,
/// so sample servers it launched cannot outlive it, even when the console is killed without a chance to clean up.
/// </summary>
internal sealed class ParentWatchdog(int parentPid, IHostApplicationLifetime lifetime, ILogger<ParentWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (IsAlive(parentPid))
                continue;
            logger.LogWarning("Parent process {ParentPid} is gone; stopping", parentPid);
            lifetime.StopApplication();
            return;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
