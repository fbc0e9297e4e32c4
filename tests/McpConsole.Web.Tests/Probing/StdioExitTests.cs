using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Core.Health;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Demo;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Tests.Fleet;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.Probing;

/// <summary>The console owns its stdio servers' processes: it knows at once when one dies, and brings it back.</summary>
public sealed class StdioExitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ConsoleAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task KilledStdioServer_DownWithExitCodeWithinOneSecond_ThenRestartedAndHealthy()
    {
        var admin = _app.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var dll = SampleServerLocator.Find(null) ?? throw new InvalidOperationException("build the solution: McpConsole.SampleServer.dll not found");
        var name = FleetApi.UniqueName("killed-stdio");
        // A long interval: nothing but the supervisor's own watch can notice the exit within the test's bounds.
        var id = await admin.CreateAsync(new { name, transport = "Stdio", command = "dotnet", arguments = new[] { dll, "--stdio", "--name", name }, probeIntervalSeconds = 300 });
        var supervisor = _app.Services.GetRequiredService<StdioSupervisor>();
        var notifier = _app.Services.GetRequiredService<FleetNotifier>();
        var until = DateTime.UtcNow.AddSeconds(90);
        while ((await _app.Services.GetRequiredService<ProbeScheduler>().ProbeNowAsync(id, CancellationToken.None))?.Succeeded != true)
        {
            Assert.True(DateTime.UtcNow < until, "the stdio server never answered");
            await Task.Delay(500);
        }

        await WaitForAsync(admin, id, s => s.State == "Healthy", TimeSpan.FromSeconds(10));
        var pid = supervisor.RunningProcesses[id];

        using (var process = Process.GetProcessById(pid))
        {
            var killedAt = Stopwatch.GetTimestamp();
            process.Kill(); // SIGKILL
            var live = await UntilAsync(() => notifier.Latest.SingleOrDefault(c => c.ServerId == id) is { State: HealthState.Down } c ? c : null, TimeSpan.FromSeconds(5));
            var liveAfter = Stopwatch.GetElapsedTime(killedAt);
            var stored = await WaitForAsync(admin, id, s => s.State == "Down", TimeSpan.FromSeconds(5));
            var storedAfter = Stopwatch.GetElapsedTime(killedAt);
            output.WriteLine($"Down on the live feed {liveAfter.TotalMilliseconds:0} ms and in storage {storedAfter.TotalMilliseconds:0} ms after kill -9: {stored.StateReason}");

            Assert.True(liveAfter < TimeSpan.FromSeconds(1), $"live feed said Down after {liveAfter}");
            Assert.True(storedAfter < TimeSpan.FromSeconds(1), $"stored state said Down after {storedAfter}");
            Assert.Contains("process exited with code 137", live.Reason);
            Assert.Contains("process exited with code 137", stored.StateReason);
            var status = (await _app.Services.GetRequiredService<ServerRegistry>().GetDetailsAsync(id))!.Status!; // the detail page's read
            Assert.Equal(137, status.ExitCode);
            Assert.Contains("McpServer", status.StderrTail); // the sample server's log on stderr

            var healthy = await WaitForAsync(admin, id, s => s.State == "Healthy", TimeSpan.FromSeconds(20));
            output.WriteLine($"Healthy again {Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds:0} ms after kill -9: {healthy.StateReason}");
            Assert.StartsWith("restarted after exit code 137 (attempt 1)", healthy.StateReason);
            Assert.NotEqual(pid, supervisor.RunningProcesses[id]);
        }
    }

    private static async Task<T> UntilAsync<T>(Func<T?> probe, TimeSpan within) where T : class
    {
        var until = DateTime.UtcNow + within;
        T? value;
        while ((value = probe()) is null)
        {
            Assert.True(DateTime.UtcNow < until, "not reached in time");
            await Task.Delay(10);
        }

        return value;
    }

    private static async Task<ServerRow> WaitForAsync(HttpClient client, int id, Func<ServerRow, bool> done, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        ServerRow row;
        while (!done(row = (await client.GetFromJsonAsync<List<ServerRow>>("/api/servers"))!.Single(s => s.Id == id)))
        {
            Assert.True(DateTime.UtcNow < until, "not reached in time: " + JsonSerializer.Serialize(row));
            await Task.Delay(20);
        }

        return row;
    }

    private sealed record ServerRow(int Id, string Name, string State, string? StateReason, DateTimeOffset? LastCheckedAt);
}
