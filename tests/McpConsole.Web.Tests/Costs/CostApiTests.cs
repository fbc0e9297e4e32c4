using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Costs;
using McpConsole.Web.Features.Reports;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Tests.Fleet;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Tests.Costs;

/// <summary>Cost API, recommendations (dismiss, snooze), prices, the daily cost alert and the report section, on seeded readings.</summary>
public sealed class CostApiTests(CostFixture f) : IClassFixture<CostFixture>
{
    // steady bills 2 cores and 1 GB every hour: 2 x 0.031611 + 1 x 0.004237.
    private const decimal SteadyHour = 0.067459m;

    [Theory]
    [InlineData("/api/costs/summary")]
    [InlineData("/api/costs/recommendations")]
    [InlineData("/api/costs/settings")]
    public async Task WithoutKey_401(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous().GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Summary_LastDay_ExactFiguresAndShape()
    {
        var s = await f.Admin().GetFromJsonAsync<JsonElement>("/api/costs/summary?days=1");

        Assert.Equal("USD", s.GetProperty("currency").GetString());
        var steady = Server(s, "steady");
        Assert.Equal(24, steady.GetProperty("knownHours").GetDouble(), 6); // the last day: 24 of the 30 seeded hours
        Assert.Equal(0.2, steady.GetProperty("avgCpuCores").GetDouble(), 9);
        Assert.Equal(100, steady.GetProperty("avgMemoryMb").GetDouble(), 9);
        Assert.Equal(24 * SteadyHour, Math.Round(steady.GetProperty("cost").GetDecimal(), 9));
        // idle: 1.8 cores and 924 MB of every hour
        Assert.Equal(Math.Round(24 * (1.8m * 0.031611m + 924m / 1024m * 0.004237m), 9), Math.Round(steady.GetProperty("idleCost").GetDecimal(), 9));
        Assert.Equal(Math.Round(SteadyHour * 730, 9), Math.Round(steady.GetProperty("monthlyEstimate").GetDecimal(), 9));
        // young: 5 h billed 1 core and 512 MB
        var young = Server(s, "young");
        Assert.Equal(Math.Round(5 * (0.031611m + 0.5m * 0.004237m), 9), Math.Round(young.GetProperty("cost").GetDecimal(), 9));

        var total = s.GetProperty("total").GetDecimal();
        Assert.Equal(Math.Round(steady.GetProperty("cost").GetDecimal() + young.GetProperty("cost").GetDecimal(), 9), Math.Round(total, 9));
        Assert.Equal(2, s.GetProperty("daysWithData").GetInt32()); // 22 Nov 02:00 to 23 Nov 02:00 touches two UTC days
        Assert.Equal(Math.Round(total / 2, 9), Math.Round(s.GetProperty("dailyAverage").GetDecimal(), 9));
        Assert.Equal("2026-11-22 21:00", s.GetProperty("peakHour").GetProperty("key").GetString()); // steady and young together
        Assert.Equal(["batch", "(none)"], s.GetProperty("byGroup").EnumerateArray().Select(g => g.GetProperty("key").GetString()));
        Assert.Equal(["cloud", "on-prem"], s.GetProperty("byLocation").EnumerateArray().Select(g => g.GetProperty("key").GetString()));
        Assert.Equal(2, s.GetProperty("byDay").GetArrayLength());
        Assert.Single(s.GetProperty("byMonth").EnumerateArray());

        Assert.Equal(HttpStatusCode.BadRequest, (await f.Admin().GetAsync("/api/costs/summary?days=0")).StatusCode);
    }

    [Fact]
    public async Task Recommendations_WithEvidence_TooLittleData_DismissAndSnoozeAudited()
    {
        var operatorClient = await f.WithRoleAsync(ConsoleRole.Operator);
        var r = await f.Admin().GetFromJsonAsync<JsonElement>("/api/costs/recommendations");
        var items = r.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("serverName").GetString() == "steady").ToList();
        var cpu = items.Single(i => i.GetProperty("kind").GetString() == "CpuDown");
        Assert.Equal("Scale down CPU from 2 to 0.25 cores", cpu.GetProperty("action").GetString());
        var evidence = cpu.GetProperty("evidence");
        Assert.Equal(95, evidence.GetProperty("percentile").GetDouble());
        Assert.Equal(0.2, evidence.GetProperty("value").GetDouble());
        Assert.Equal(1800, evidence.GetProperty("samples").GetInt32());
        Assert.Equal(40.38m, cpu.GetProperty("monthlySaving").GetDecimal()); // 1.75 cores x 0.031611 x 730
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "MemoryDown" && i.GetProperty("action").GetString() == "Scale down memory from 1024 to 128 MB");
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "Idle");
        var waiting = Assert.Single(r.GetProperty("waiting").EnumerateArray(), w => w.GetProperty("serverName").GetString() == "young");
        Assert.Equal("Not enough data: need 19 more hours of measurements (have 5 h of 24 h).", waiting.GetProperty("text").GetString());

        var viewer = await f.WithRoleAsync(ConsoleRole.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/costs/recommendations/{f.Steady}:CpuDown/dismiss", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.PostAsync($"/api/costs/recommendations/{f.Steady}:CpuDown/dismiss", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.PostAsJsonAsync($"/api/costs/recommendations/{f.Steady}:Idle/snooze", new { days = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.PostAsync("/api/costs/recommendations/999:CpuDown/dismiss", null)).StatusCode);

        var after = await f.Admin().GetFromJsonAsync<JsonElement>("/api/costs/recommendations");
        var kinds = after.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("serverName").GetString() == "steady").Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["MemoryDown"], kinds);
        Assert.True(after.GetProperty("hidden").GetInt32() >= 2);
        Assert.Single(await f.Admin().AuditAsync("costs.recommendation.dismiss", $"{f.Steady}:CpuDown"));
        var snooze = Assert.Single(await f.Admin().AuditAsync("costs.recommendation.snooze", $"{f.Steady}:Idle"));
        Assert.Equal("until 2026-11-26 02:00 UTC", snooze.Details);

        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/api/costs/recommendations/{f.Steady}:CpuDown/decision")).StatusCode);
        var restored = await f.Admin().GetFromJsonAsync<JsonElement>("/api/costs/recommendations");
        Assert.Contains(restored.GetProperty("items").EnumerateArray(), i => i.GetProperty("key").GetString() == $"{f.Steady}:CpuDown");
    }

    [Fact]
    public async Task Prices_AdminOnly_Validated_Audited_AndApplied()
    {
        var viewer = await f.WithRoleAsync(ConsoleRole.Viewer);
        var settings = new CostSettingsView("EUR", [new PriceInput(PriceScopes.Default, null, 0.031611m, 0.004237m), new PriceInput(PriceScopes.Location, "on-prem", 0.01m, 0.001m)], null);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/costs/settings", settings)).StatusCode);
        var bad = await f.Admin().PutAsJsonAsync("/api/costs/settings", settings with { Prices = [.. settings.Prices, new PriceInput(PriceScopes.Group, "", 1, 1)] });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("a group price needs the group name", await bad.Content.ReadAsStringAsync());

        try
        {
            Assert.Equal(HttpStatusCode.NoContent, (await f.Admin().PutAsJsonAsync("/api/costs/settings", settings)).StatusCode);
            var s = await f.Admin().GetFromJsonAsync<JsonElement>("/api/costs/summary?days=1");
            Assert.Equal("EUR", s.GetProperty("currency").GetString());
            Assert.Equal(Math.Round(5 * (0.01m + 0.5m * 0.001m), 9), Math.Round(Server(s, "young").GetProperty("cost").GetDecimal(), 9));
            Assert.Equal(24 * SteadyHour, Math.Round(Server(s, "steady").GetProperty("cost").GetDecimal(), 9)); // cloud: default price
            Assert.Contains("on-prem: 0.01/vCPU-h", Assert.Single(await f.Admin().AuditAsync("costs.prices", "EUR")).Details);
        }
        finally
        {
            await f.Admin().PutAsJsonAsync("/api/costs/settings", new CostSettingsView("USD", [new PriceInput(PriceScopes.Default, null, 0.031611m, 0.004237m)], null));
        }
    }

    [Fact]
    public async Task DailyCostAboveThreshold_RaisesAnAlert_ResolvedWhenBelow()
    {
        var prices = f.Get<CostPrices>();
        var alerts = f.Get<CostThresholdAlerts>();
        var defaults = new CostSettingsView("USD", [new PriceInput(PriceScopes.Default, null, 0.031611m, 0.004237m)], null);
        try
        {
            // The last 24 h cost about 1.64 USD (steady 1.619, young 0.169).
            Assert.Null(await prices.SaveAsync(defaults with { DailyThreshold = 1.5m }, "test", default));
            Assert.True(await alerts.CheckAsync());
            var firing = await AlertAsync();
            Assert.Equal((AlertKinds.CostAboveThreshold, "fleet", (DateTimeOffset?)null), (firing!.Kind, firing.Subject, firing.ResolvedAt));
            Assert.StartsWith("Fleet cost over the last 24 h is 1.7", firing.Details);
            Assert.Contains("above the threshold of 1.50 USD. Largest: steady 1.619", firing.Details);

            Assert.Null(await prices.SaveAsync(defaults with { DailyThreshold = 5m }, "test", default));
            Assert.False(await alerts.CheckAsync());
            Assert.NotNull((await AlertAsync())!.ResolvedAt);
        }
        finally
        {
            await prices.SaveAsync(defaults, "test", default);
        }
    }

    [Fact]
    public async Task Report_CostsSection_HasFiguresAndRecommendationsWithEvidence_InTheMail()
    {
        var created = await f.Admin().PostAsJsonAsync("/api/reports",
            new ReportInput("Daily costs", "daily", null, "UTC", "finance@example.com", [nameof(ReportSection.Costs)], f.ChannelId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = (await created.Content.ReadFromJsonAsync<ReportView>())!;
        Assert.Equal(HttpStatusCode.Accepted, (await f.Admin().PostAsync($"/api/reports/{report.Id}/send", null)).StatusCode);

        // Sent by a Hangfire worker: on a loaded machine the queue can take well over the default 30 s to pick it up.
        var mail = Assert.Single(await f.Smtp.MessagesToAsync("finance@example.com", timeout: TimeSpan.FromSeconds(120)));
        Assert.Contains("Costs and recommendations", mail.Html);
        Assert.DoesNotContain("No data source yet", mail.Html);
        var total = 24 * SteadyHour + 5 * (0.031611m + 0.5m * 0.004237m);
        Assert.Contains($"Total {total:0.00} USD", mail.Text);
        Assert.Contains($"Total {total:0.00} USD", mail.Html);
        Assert.Contains("- steady: 1.62 USD", mail.Text);
        Assert.Contains("Scale down memory from 1024 to 128 MB", mail.Html);
        Assert.Contains("p95 memory 100 MB is 10 % of the 1024 MB allocated", mail.Text);
        Assert.Contains("young", mail.Text);
        Assert.DoesNotContain("<script", mail.Html);
    }

    [Fact]
    public async Task HourRollup_IsIdempotent_AndGivesTheSameSummaryAsRawReadings()
    {
        var before = await f.Admin().GetStringAsync("/api/costs/summary?days=2");
        var job = f.Get<ResourceRollupJob>();
        var first = await job.RunAsync();
        var rows = await HourRowsAsync();
        var second = await job.RunAsync();
        var after = await f.Admin().GetStringAsync("/api/costs/summary?days=2");

        Assert.Equal(30 + 5, first); // every seeded hour of both servers
        Assert.Equal(2 * 2, second); // a repeat recomputes the last two hours of each server (late readings)...
        Assert.Equal(rows, await HourRowsAsync()); // ...into the same rows
        Assert.Equal(Totals(before), Totals(after));
    }

    private async Task<string> HourRowsAsync()
    {
        await using var connection = await f.Get<Features.Metrics.MetricsDatabase>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "ServerId", "BucketStart", "KnownSeconds", "BilledCpuCoreSeconds", "BilledMemoryMbSeconds", "Samples" FROM "ResourceHours" ORDER BY "ServerId", "BucketStart" """;
        await using var reader = await command.ExecuteReaderAsync();
        var text = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
            text.AppendLine(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return text.ToString();
    }

    private static (decimal Total, decimal Idle, string Servers) Totals(string json)
    {
        var s = JsonDocument.Parse(json).RootElement;
        return (Math.Round(s.GetProperty("total").GetDecimal(), 9), Math.Round(s.GetProperty("idle").GetDecimal(), 9),
            string.Join(";", s.GetProperty("servers").EnumerateArray().Select(x => $"{x.GetProperty("name")}={Math.Round(x.GetProperty("cost").GetDecimal(), 9)}")));
    }

    private async Task<AlertStateRow?> AlertAsync()
    {
        await using var db = await f.Get<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        return await db.Set<AlertStateRow>().AsNoTracking().FirstOrDefaultAsync(a => a.Key == CostThresholdAlerts.Key);
    }

    private static JsonElement Server(JsonElement summary, string name) =>
        summary.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
}
