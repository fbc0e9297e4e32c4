using McpConsole.Web.Features.Probing;

namespace McpConsole.Probing.Tests.Infrastructure;

/// <summary>Identity of this run: every process the tests start carries <see cref="Marker"/> in its command line.</summary>
public static class TestRun
{
    public static readonly string Marker = "prt-" + Guid.NewGuid().ToString("N")[..10];

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "McpConsole.SampleServer.dll");

    public static string Name(string label) => $"{Marker}-{label}";

    public static CancellationToken Deadline(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Processes of this run still alive: by marker, or children of the test process.</summary>
    public static IReadOnlyList<string> Survivors()
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId || !ProcessTable.IsAlive(pid))
            {
                continue;
            }

            var cmd = string.Join(' ', ProcessTable.CommandLine(pid) ?? []);
            if (cmd.Contains(Marker, StringComparison.Ordinal) || ProcessTable.ParentOf(pid) == Environment.ProcessId)
            {
                found.Add($"{pid}: {cmd}");
            }
        }

        return found;
    }

    public static async Task AssertNoSurvivorsAsync(TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        IReadOnlyList<string> left;
        while ((left = Survivors()).Count > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        Assert.True(left.Count == 0, "child processes left: " + string.Join("; ", left));
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
