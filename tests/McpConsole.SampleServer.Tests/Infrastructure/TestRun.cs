namespace McpConsole.SampleServer.Tests.Infrastructure;

/// <summary>Identity of this test run: every server started by the tests carries <see cref="Marker"/> in its name.</summary>
public static class TestRun
{
    public static readonly string Marker = "sst-" + Guid.NewGuid().ToString("N")[..10];

    public static string ServerName(string label) => $"{Marker}-{label}";

    /// <summary>Path of the sample server assembly copied next to the tests.</summary>
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "McpConsole.SampleServer.dll");

    /// <summary>A fresh deadline for one test: every request gets this token.</summary>
    public static CancellationToken Deadline(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Processes of this run still alive (found by the marker in their command line).</summary>
    public static IReadOnlyList<string> SurvivingProcesses()
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (!pid.All(char.IsAsciiDigit) || pid == Environment.ProcessId.ToString()) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains(Marker, StringComparison.Ordinal)) found.Add($"{pid}: {cmd}");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }
}
