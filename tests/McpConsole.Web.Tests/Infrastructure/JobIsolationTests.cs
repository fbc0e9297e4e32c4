using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Backups.Plans;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static McpConsole.Web.Tests.Backups.BackupApi;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Infrastructure;

/// <summary>
/// Hangfire keeps a process-wide activator (JobActivator.Current) that every console in the process overwrites when it
/// configures Hangfire. Two consoles in one process (as the scale-out tests run them) must still run their own jobs in
/// their own services, whichever console configured Hangfire last.
/// </summary>
public sealed class JobIsolationTests
{
    [Fact]
    public async Task PlanJob_RunsInItsOwnConsole_WhenAnotherConsoleConfiguredHangfireMeanwhile()
    {
        var folder = TempFolder("isolation");
        File.WriteAllText(Path.Combine(folder, "servers.json"), "{}");
        await using var console = new ConsoleConfiguredMeanwhile();
        var admin = console.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var source = await admin.AddFolderSourceAsync(UniqueName("src"), folder);
        var created = await admin.PostAsJsonAsync("/api/backups/plans", new { name = UniqueName("plan"), sources = new[] { source }, cron = "0 2 * * *" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var planId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        console.Services.GetRequiredService<IRecurringJobManager>().Trigger(PlanScheduler.PlanJobPrefix + planId);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<JsonElement> backups;
        do
        {
            await Task.Delay(500);
            backups = (await admin.GetFromJsonAsync<List<JsonElement>>("/api/backups"))!.Where(b => b.GetProperty("sourceKey").GetString() == source).ToList();
        }
        while (backups.Count == 0 && DateTime.UtcNow < deadline);

        Assert.Equal("Verified", Assert.Single(backups).GetProperty("status").GetString());
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A console during whose start another console (here: a bare activator) configures Hangfire, before the job server starts.</summary>
    private sealed class ConsoleConfiguredMeanwhile : ConsoleAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.Insert(0, ServiceDescriptor.Singleton<IHostedService, OtherConsoleConfiguresHangfire>()));
        }
    }

    /// <summary>Constructed before the job server (the host builds every hosted service first, in order), so it acts in between.</summary>
    private sealed class OtherConsoleConfiguresHangfire : IHostedService
    {
        public OtherConsoleConfiguresHangfire(IGlobalConfiguration configured) => configured.UseActivator(new JobActivator());

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
