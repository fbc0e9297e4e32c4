using System.Diagnostics;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Tests.Fleet;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.ClockJumps;

/// <summary>
/// The host's wall clock steps forward two hours, then back one, under a console probing a real MCP server every 5 s:
/// probing never pauses until the clock catches up, a forward step fires no burst, and nothing stored is negative.
/// </summary>
public sealed class ProbingClockJumpTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task HostClockStepsForwardAndBack_ProbingGoesOnAtItsInterval_WithoutBurstsOrNegativeLatencies()
    {
        await using var sample = await SampleServerChild.StartAsync(FleetApi.UniqueName("clock"), "primary");
        var clock = new JumpingClock();
        await using var console = new ConsoleAppFactory { Clock = clock };
        var api = console.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var name = FleetApi.UniqueName("clock-jump");
        using (var created = await api.PostAsJsonAsync("/api/servers",
                   new { name, transport = "StreamableHttp", url = sample.McpUrl, probeIntervalSeconds = (int)Interval.TotalSeconds, timeoutSeconds = 5 }))
            created.EnsureSuccessStatusCode();
        var database = Path.Combine(console.DataDirectory, "console.db");
        await WaitForSamplesAsync(database, 2, TimeSpan.FromSeconds(60));

        clock.Jump(TimeSpan.FromHours(2));
        var forward = await ProbesDuringAsync(database, Window);
        output.WriteLine($"after +2 h: {forward} probes in 15 s");
        Assert.InRange(forward, 2, 5); // about one per 5 s, the overdue one once: no catch-up burst for the 2 h "missed"

        clock.Jump(TimeSpan.FromHours(-1));
        var back = await ProbesDuringAsync(database, Window);
        output.WriteLine($"after -1 h: {back} probes in 15 s");
        Assert.InRange(back, 2, 5); // probing does not wait an hour for the clock to catch up

        await using var connection = Open(database);
        Assert.Equal(0L, Scalar(connection, """SELECT COUNT(*) FROM "ProbeSamples" WHERE "LatencyMs" < 0"""));
        var rows = (await api.GetFromJsonAsync<List<ServerRow>>("/api/servers"))!;
        var row = rows.Single(r => r.Name == name);
        Assert.Equal("Healthy", row.State);
        Assert.True(row.LatencyMs is >= 0, $"latency {row.LatencyMs}");
        // The latest check is stamped with the jumped-back clock: its age is never negative.
        Assert.True(row.LastCheckedAt <= clock.GetUtcNow(), $"last checked {row.LastCheckedAt:O}, now {clock.GetUtcNow():O}");
    }

    private sealed record ServerRow(string Name, string State, DateTimeOffset? LastCheckedAt, double? LatencyMs);

    /// <summary>Probe samples stored in a window of real (monotonic) time.</summary>
    private static async Task<long> ProbesDuringAsync(string database, TimeSpan window)
    {
        var before = Count(database);
        await Task.Delay(window);
        return Count(database) - before;
    }

    private static async Task WaitForSamplesAsync(string database, long count, TimeSpan within)
    {
        var started = Stopwatch.GetTimestamp();
        while (!File.Exists(database) || Count(database) < count)
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < within, "the server was never probed");
            await Task.Delay(250);
        }
    }

    private static long Count(string database)
    {
        using var connection = Open(database);
        return Scalar(connection, """SELECT COUNT(*) FROM "ProbeSamples" """);
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
