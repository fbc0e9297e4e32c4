using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Backups.Plans;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Web.Tests.Alerts;

/// <summary>
/// The console stops; while it is off, servers are in trouble and a backup plan goes stale. When it starts again, probing
/// makes no new transition for a server that is still down, so only the start-up reconciliation can page for it.
/// </summary>
[Collection(LiveConsoleCollection.Name)]
public sealed class StartupAlertTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", "restart-" + Guid.NewGuid().ToString("N")[..10]);
    private SmtpTestServer _smtp = null!;

    public async Task InitializeAsync() => _smtp = await SmtpTestServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task Restart_ServersAlreadyInTrouble_StaleBackupPlan_AndEventFromBeforeShutdown_AreAllMailed()
    {
        await using (var before = new Console(_dataDirectory, _clock))
        {
            var api = Api(before);
            (await api.PostAsJsonAsync("/api/alerts/channels", new ChannelInput("mail", ChannelKinds.Email, Host: "127.0.0.1", Port: _smtp.SmtpPort,
                TlsMode: TlsModes.None, From: "console@example.com", To: "oncall@example.com"))).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync("/api/backups/plans", new PlanInput("nightly", ["console-db"], "0 2 * * *", null, null, null, null, 24, true)))
                .EnsureSuccessStatusCode();
        }

        // What happened while the console was off (written straight to its database, as the probes and jobs left it).
        var stopped = _clock.GetUtcNow();
        await using (var db = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite($"Data Source={Path.Combine(_dataDirectory, "console.db")}").Options))
        {
            var pay = new McpServer { Name = "pay-api", Transport = "http", Url = "http://127.0.0.1:9/mcp", Group = "payments" };
            var search = new McpServer { Name = "search", Transport = "http", Url = "http://127.0.0.1:9/mcp" };
            var auth = new McpServer { Name = "auth-gw", Transport = "http", Url = "http://127.0.0.1:9/mcp" };
            var fine = new McpServer { Name = "recovered-one", Transport = "http", Url = "http://127.0.0.1:9/mcp" };
            db.AddRange(pay, search, auth, fine);
            await db.SaveChangesAsync();
            db.AddRange(
                new ServerStatus { ServerId = pay.Id, State = "Down", Since = stopped.AddHours(-1), Reason = "connection refused" },
                new ServerStatus { ServerId = search.Id, State = "Degraded", Since = stopped.AddHours(-3), Reason = "p95 latency 4 s" },
                new ServerStatus { ServerId = auth.Id, State = "Unauthorized", Since = stopped.AddMinutes(-10), Reason = "401" },
                new ServerStatus { ServerId = fine.Id, State = "Healthy", Since = stopped.AddMinutes(-5) },
                // An alert mailed before the stop whose server has recovered since: it must get its resolved notice.
                new AlertStateRow { Key = ServerStateAlerts.KeyFor(fine.Id, "ServerDown"), Kind = "ServerDown", Subject = "recovered-one", Details = "was down",
                    Since = stopped.AddHours(-2), LastNotifiedAt = stopped.AddHours(-2) },
                new BackupEvent { Kind = "BackupFailed", PlanId = 1, SourceKey = "console-db", Message = "disk full just before the stop", Timestamp = stopped });
            await db.SaveChangesAsync();
        }

        SqliteConnection.ClearAllPools();
        _clock.Advance(TimeSpan.FromDays(2)); // the plan allows 24 h and has no good backup

        await using var after = new Console(_dataDirectory, _clock);
        Api(after); // starts it
        await _smtp.MessagesToAsync("oncall@example.com", atLeast: 4, timeout: TimeSpan.FromSeconds(60));
        // The stale-backup event is recorded at start-up, so it waits out the 30 s group wait like any new alert.
        _clock.Advance(TimeSpan.FromSeconds(45));
        await after.Services.GetRequiredService<AlertEvaluator>().EvaluateAsync(default);
        var mails = await _smtp.MessagesToAsync("oncall@example.com", atLeast: 5, timeout: TimeSpan.FromSeconds(30));
        var subjects = mails.Select(m => m.Subject).Order().ToList();

        Assert.Equal([
            "[McpConsole] [FIRING:1] BackupFailed",
            "[McpConsole] [FIRING:1] BackupTooOld",
            "[McpConsole] [FIRING:1] ServerDegraded",
            "[McpConsole] [FIRING:1] ServerDown (1 resolved)",
            "[McpConsole] [FIRING:1] ServerUnauthorized",
        ], subjects);
        var down = mails.Single(m => m.Subject.Contains("ServerDown"));
        Assert.Contains("- pay-api [payments]: since 2026-11-20 08:00 UTC", down.Text);
        Assert.Contains("state at console start-up", down.Text);
        Assert.Contains("- recovered-one: resolved", down.Text);
        Assert.Contains("there is no good backup yet (allowed: 24 h)", mails.Single(m => m.Subject.Contains("BackupTooOld")).Text);
        Assert.Contains("disk full just before the stop", mails.Single(m => m.Subject.Contains("BackupFailed")).Text);
        Assert.Contains("- search: since 2026-11-20 06:00 UTC", mails.Single(m => m.Subject.Contains("ServerDegraded")).Text);
    }

    private static HttpClient Api(Console console)
    {
        var client = console.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return client;
    }

    /// <summary>A console on a data directory that outlives it, so a second one can start where the first stopped.</summary>
    private sealed class Console(string dataDirectory, TimeProvider clock) : ConsoleAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("McpConsole:DataDirectory", dataDirectory);
            builder.UseSetting("McpConsole:Probing:Enabled", "false");
            builder.ConfigureTestServices(s => s.AddSingleton(clock));
        }
    }
}
