using McpConsole.TestSupport;
using McpConsole.Web.Features.Costs.Sampling;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Tests.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Costs;

/// <summary>One server whose resource reading throws never stops a sampling pass for the others.</summary>
public sealed class SamplingIsolationTests
{
    [Fact]
    public async Task OneServerWhoseReadingThrows_OthersStillSampled_AndTheReasonShownForIt()
    {
        await using var sample = await SampleServerChild.StartAsync(FleetApi.UniqueName("cost-isolation"), "primary");
        await using var app = new ConsoleAppFactory
        {
            Settings = new Dictionary<string, string> { ["McpConsole:Costs:SampleInterval"] = "01:00:00", ["McpConsole:Probing:Enabled"] = "false" },
        };
        var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var metrics = new Uri(new Uri(sample.McpUrl), "/metrics").ToString();
        Task<int> CreateAsync(string name) => admin.CreateAsync(new { name = FleetApi.UniqueName(name), transport = "StreamableHttp", url = sample.McpUrl, metricsUrl = metrics });
        var first = await CreateAsync("cost-first");
        var broken = await CreateAsync("cost-broken");
        var last = await CreateAsync("cost-last");

        // A row the API would refuse today (an older version's, or edited by hand): a metrics URL the HTTP client
        // cannot fetch at all, so reading this one server throws.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
            await db.Database.ExecuteSqlAsync($"""UPDATE "Servers" SET "MetricsUrl" = 'ftp://127.0.0.1/metrics' WHERE "Id" = {broken}""");

        var sampler = app.Services.GetRequiredService<ResourceSampler>();
        Assert.Equal(2, await sampler.SampleOnceAsync());

        var sampled = new List<int>();
        await using (var connection = await app.Services.GetRequiredService<MetricsDatabase>().OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "ServerId" FROM "ResourceSamples" WHERE "MemoryMb" > 0""";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                sampled.Add(reader.GetInt32(0));
        }

        Assert.Contains(first, sampled);
        Assert.Contains(last, sampled);
        Assert.DoesNotContain(broken, sampled);
        // What the server's cost panel shows for the broken one (never a stack trace).
        var reason = sampler.MetricsFailure(broken);
        Assert.NotNull(reason);
        Assert.Contains("ftp", reason);
        Assert.DoesNotContain("   at ", reason);
        Assert.Null(sampler.MetricsFailure(first));
    }
}
