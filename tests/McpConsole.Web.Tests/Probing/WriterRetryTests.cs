using McpConsole.TestSupport;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Fleet.FleetApi;
using static McpConsole.Web.Tests.Probing.ConsoleOnDatabase;

namespace McpConsole.Web.Tests.Probing;

/// <summary>The probe writer when the database refuses a write: a batch is retried, not lost; a catalog change that could not be stored is recorded again.</summary>
public sealed class WriterRetryTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task RefusedBatch_IsRetried_AndNothingIsLost(string provider)
    {
        await using var console = await StartAsync(provider, cluster, new()
        {
            ["McpConsole:Probing:WriteRetries"] = "3",
            ["McpConsole:Probing:WriteRetryDelay"] = "00:00:02",
        });
        var writer = console.Factory.Services.GetRequiredService<ProbeResultWriter>();
        await console.RefuseInsertsAsync("StateEvents");
        await using var server = await SampleServerChild.StartAsync(UniqueName("refused-once"), "primary");
        var id = await HostileServerTests.RegisterAsync(console.Admin(), server);

        // Its first probe (Unknown -> Healthy) is in a batch the database refuses; the database then recovers.
        await WaitForAsync(() => Task.FromResult(writer.FailedAttempts > 0), Wait, "a refused batch");
        await console.AllowInsertsAsync("StateEvents");

        await WaitForAsync(async () => Convert.ToInt64(await console.ScalarAsync(
            """SELECT COUNT(*) FROM "StateEvents" WHERE "ServerId" = @id AND "ToState" = 'Healthy'""", id)) == 1, Wait, "the retried transition");
        Assert.Equal(0, writer.Dropped);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task CatalogChangeThatCouldNotBeStored_IsRecordedOnALaterProbe(string provider)
    {
        await using var console = await StartAsync(provider, cluster, new()
        {
            ["McpConsole:Probing:WriteRetries"] = "1",
            ["McpConsole:Probing:WriteRetryDelay"] = "00:00:00.2",
        });
        var writer = console.Factory.Services.GetRequiredService<ProbeResultWriter>();
        await console.RefuseInsertsAsync("CatalogSnapshots");
        await using var server = await SampleServerChild.StartAsync(UniqueName("catalog"), "primary");
        var id = await HostileServerTests.RegisterAsync(console.Admin(), server);

        await WaitForAsync(() => Task.FromResult(writer.Dropped > 0), Wait, "a dropped probe result");
        await console.AllowInsertsAsync("CatalogSnapshots");

        await WaitForAsync(async () => Convert.ToInt64(await console.ScalarAsync(
            """SELECT COUNT(*) FROM "CatalogSnapshots" WHERE "ServerId" = @id""", id)) == 1, Wait, "the catalog snapshot on a later probe");
        Assert.NotNull(await console.ScalarAsync("""SELECT "CatalogHash" FROM "ServerStatus" WHERE "ServerId" = @id""", id));
    }
}
