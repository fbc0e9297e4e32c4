using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Demo;
using Microsoft.AspNetCore.Hosting;

namespace McpConsole.Web.Tests.Demo;

public sealed class DemoFleetTests
{
    [Fact]
    public async Task DemoMode_StartsRealServers_ThatTurnHealthy_AndStopsThemOnExit()
    {
        var factory = new DemoConsoleFactory();
        await using (factory)
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);

            List<ServerRow> servers = [];
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                servers = (await client.GetFromJsonAsync<List<ServerRow>>("/api/servers"))!;
                if (servers.Count == DemoFleetPlan.Servers.Count && servers.All(s => s.State is "Healthy" or "Degraded"))
                    break;
                await Task.Delay(500);
            }

            Assert.Equal(DemoFleetPlan.Servers.Select(s => s.Name).Order(), servers.Select(s => s.Name).Order());
            Assert.All(servers, s => Assert.True(s.State is "Healthy" or "Degraded", $"{s.Name} is {s.State}: {s.StateReason}"));
            Assert.Contains(servers, s => s.Location == "cloud");
            Assert.Contains(servers, s => s.Location == "on-premise");
            Assert.Contains(servers, s => s.Transport == "Stdio");
            Assert.All(servers, s => Assert.True(s.ToolCount > 0, $"{s.Name} reported no tools"));
            Assert.NotEmpty(DemoChildren());
        }

        var gone = DateTime.UtcNow.AddSeconds(10);
        while (DemoChildren().Count > 0 && DateTime.UtcNow < gone)
            await Task.Delay(200);
        Assert.Empty(DemoChildren());
    }

    /// <summary>Sample servers whose parent is this test process (the in-process console).</summary>
    private static List<int> DemoChildren()
    {
        var me = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var parent = File.ReadAllText(Path.Combine(dir, "stat")).Split(") ")[1].Split(' ')[1];
                if (cmdline.Contains("McpConsole.SampleServer.dll") && cmdline.Contains("--name demo-") && parent == me)
                    found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    private sealed class DemoConsoleFactory : ConsoleAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("McpConsole:Demo:Enabled", "true");
        }
    }

    private sealed record ServerRow(string Name, string Transport, string State, string? StateReason, string? Location, int? ToolCount);
}
