using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using McpConsole.Web.Features.Backups.Plans;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Backups.BackupApi;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Backups;

/// <summary>Plans as Hangfire recurring jobs, pruning after each success, and dashboard events.</summary>
public sealed class PlanTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>, IDisposable
{
    private readonly string _folder = TempFolder("plan");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private async Task<(HttpClient Admin, int PlanId, string Key)> PlanAsync(object extra)
    {
        File.WriteAllText(Path.Combine(_folder, "servers.json"), "{}");
        var admin = app.AdminClient();
        var key = await admin.AddFolderSourceAsync(UniqueName("src"), _folder);
        var body = JsonSerializer.SerializeToElement(extra).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        body["name"] = UniqueName("plan");
        body["sources"] = new[] { key };
        var response = await admin.PostAsJsonAsync("/api/backups/plans", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (admin, JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32(), key);
    }

    [Fact]
    public async Task CreatePlan_DefaultsToDaily_AndIsAHangfireRecurringJob()
    {
        var (admin, planId, _) = await PlanAsync(new { keepLast = 2 });
        var plan = (await admin.GetFromJsonAsync<List<JsonElement>>("/api/backups/plans"))!.Single(p => p.GetProperty("id").GetInt32() == planId);
        Assert.Equal("0 2 * * *", plan.GetProperty("cron").GetString());
        using var connection = app.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == PlanScheduler.PlanJobPrefix + planId);
        Assert.Equal("0 2 * * *", job.Cron);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/backups/plans/{planId}")).StatusCode);
        Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == PlanScheduler.PlanJobPrefix + planId);
    }

    [Fact]
    public async Task RunPlan_PrunesAfterEachSuccess_KeepingExactlyKeepLast()
    {
        var (admin, planId, key) = await PlanAsync(new { keepLast = 2, keepDaily = 0, keepWeekly = 0, keepMonthly = 0 });
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            File.WriteAllText(Path.Combine(_folder, "servers.json"), $"{{\"run\":{i}}}");
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/backups/plans/{planId}/run", null)).StatusCode);
            await Task.Delay(1100); // ids and times are per second
        }
        var mine = (await admin.GetFromJsonAsync<List<JsonElement>>("/api/backups"))!
            .Where(b => b.GetProperty("sourceKey").GetString() == key).ToList();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, b => Assert.Equal("Verified", b.GetProperty("status").GetString()));
        Assert.NotEmpty(await admin.AuditAsync("backup.prune", key));
    }

    [Fact]
    public async Task FailedBackup_AndStalePlan_AreDashboardEvents()
    {
        var (admin, planId, key) = await PlanAsync(new { maxAgeHours = 26 });
        Directory.Delete(_folder, recursive: true);
        await admin.PostAsync($"/api/backups/plans/{planId}/run", null);

        var events = (await admin.GetFromJsonAsync<List<JsonElement>>("/api/backups/events"))!;
        var failed = Assert.Single(events, e => e.GetProperty("kind").GetString() == "BackupFailed" && e.GetProperty("sourceKey").GetString() == key);
        Assert.Contains("does not exist", failed.GetProperty("message").GetString());

        var jobs = app.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<BackupJobs>();
        var now = DateTimeOffset.UtcNow;
        await jobs.CheckFreshnessAtAsync(now, CancellationToken.None); // plan is new: not stale yet
        await jobs.CheckFreshnessAtAsync(now.AddHours(27), CancellationToken.None);
        await jobs.CheckFreshnessAtAsync(now.AddHours(28), CancellationToken.None); // once a day, not every hour
        events = (await admin.GetFromJsonAsync<List<JsonElement>>("/api/backups/events"))!;
        var stale = Assert.Single(events, e => e.GetProperty("kind").GetString() == "BackupStale" && e.GetProperty("sourceKey").GetString() == key);
        Assert.Contains("no good backup yet", stale.GetProperty("message").GetString());
    }

    [Fact]
    public async Task CreatePlan_BadCronOrRetention_IsRefusedWithReasons()
    {
        var admin = app.AdminClient();
        var response = await admin.PostAsJsonAsync("/api/backups/plans", new { name = UniqueName("bad"), sources = new[] { "console-db", "source-9999" }, cron = "every day", keepLast = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("not a cron expression", text);
        Assert.Contains("no backup source 'source-9999'", text);
        Assert.Contains("cannot be negative", text);
    }
}
