using McpConsole.Core.Alerts;
using McpConsole.Web.Features.SelfMonitoring;
using McpConsole.Web.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Probing.ConsoleOnDatabase;

namespace McpConsole.Web.Tests.SelfMonitoring;

/// <summary>
/// Job storage not answering, on PostgreSQL: Hangfire's schema gone from under a running console (SQLite job storage
/// recreates missing tables on every connection, and WAL readers are never locked out, so it cannot be broken this way).
/// </summary>
[Collection(SelfMonitoringCollection.Name)]
public sealed class JobStorageCheckTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task JobStorageNotAnswering_RaisesConsoleAlert_AndPassesWhenItAnswers()
    {
        await using var console = await StartAsync("Postgres", cluster, SelfMonitoringCollection.FastSettings());
        var admin = console.Admin();
        var status = console.Factory.Services.GetRequiredService<SelfStatus>();
        await WaitForAsync(() => Task.FromResult(status.FailedJobs is not null), Wait, "a first evaluation with job statistics");

        await console.ExecuteAsync("""ALTER SCHEMA "hangfire" RENAME TO "hangfire_away";""");
        try
        {
            var alert = await SelfChecksTests.WaitForAlertAsync(admin, AlertKinds.ConsoleJobStorageFailing);
            Assert.Equal(console.Factory.Services.GetRequiredService<SelfMonitor>().Subject, alert.Subject);
            Assert.StartsWith("console ", alert.Subject); // one alert per instance on PostgreSQL
            Assert.Contains("Job storage is not answering", alert.Details);
            Assert.Contains("hangfire schema", alert.Details);
            Assert.Contains($"mcp_console_self_check_failing{{check=\"{AlertKinds.ConsoleJobStorageFailing}\"}} 1", await admin.GetStringAsync("/metrics"));
        }
        finally
        {
            await console.ExecuteAsync("""ALTER SCHEMA "hangfire_away" RENAME TO "hangfire";""");
        }

        await WaitForAsync(() => Task.FromResult(!status.IsFailing(AlertKinds.ConsoleJobStorageFailing)), Wait, "job storage answering again");
        Assert.Contains("mcp_console_jobs_failed", await admin.GetStringAsync("/metrics"));
    }
}
