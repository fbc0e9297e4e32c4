using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Backups;
using McpConsole.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.SelfMonitoring.Checks;

/// <summary>Free disk space in the data directory (database, jobs, logs) and the backups directory.</summary>
public sealed class DiskSpaceCheck(DataDirectory data, BackupStore backups, IOptions<SelfMonitoringOptions> options) : ISelfCheck
{
    public string Kind => AlertKinds.ConsoleDiskSpaceLow;

    public Task<SelfCheckResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var low = new List<string>();
        foreach (var (name, path) in new[] { ("data", data.Path), ("backups", backups.Root) })
        {
            if (Describe(name, path) is { } problem && !low.Contains(problem))
                low.Add(problem);
        }

        return Task.FromResult(low.Count == 0 ? SelfCheckResult.Pass(Kind) : new SelfCheckResult(Kind, true,
            "Free disk space is low: " + string.Join("; ", low) + ". When it runs out, probe results and backups can no longer be written.",
            "Free space on that volume (old backups, logs) or move the directory to a larger disk (McpConsole:DataDirectory, McpConsole:Backups:Directory)."));
    }

    private string? Describe(string name, string path)
    {
        var o = options.Value;
        var drive = new DriveInfo(path); // on Linux any path works: statvfs of the file system that holds it
        var freeMb = drive.AvailableFreeSpace / (1024 * 1024);
        var percent = drive.TotalSize > 0 ? 100.0 * drive.AvailableFreeSpace / drive.TotalSize : 100;
        if (freeMb >= o.MinFreeDiskMb && percent >= o.MinFreeDiskPercent)
            return null;
        return $"{name} directory {path} has {freeMb:N0} MB free ({percent:0.#} %)";
    }
}
