using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Failover;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using McpConsole.Web.Features.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Failover;

/// <summary>
/// Failover against real sample servers (child processes killed and restarted), decided by the real Hangfire job
/// on real SQLite. Every test polls both servers' /role throughout and fails if both ever report primary.
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class FailoverRealServerTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task KillPrimary_StandbyPromotedWithinBound_ApiPublishesNewActive_OldPrimaryFencedOnReturn()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "kill");
        await pair.WaitUntilHealthyAsync();

        await pair.Primary.KillAsync();
        var promotedAfter = await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", pair.Bound + TimeSpan.FromSeconds(5));

        Assert.NotNull(promotedAfter);
        Assert.True(promotedAfter <= pair.Bound, $"standby promoted after {promotedAfter}, bound {pair.Bound}");
        Assert.Equal(new Support.RoleStateDto("primary", 1), Support.Dto(await pair.Standby.GetRoleAsync()));
        var group = await FailoverPair.WaitForGroupAsync(pair, g => g.State == "FailedOver");
        Assert.Equal(pair.StandbyId, group.Active!.Id);
        Assert.Equal(pair.Standby.McpUrl, group.Active.Endpoint);
        Assert.Equal(1, group.Epoch);
        // The topology's primary link moved: new primary -> old primary (awaiting demotion), the old direction gone.
        var links = app.Factory.Services.GetRequiredService<ServerLinks>();
        Assert.NotNull(await FailoverPair.WaitForAsync(() => Task.FromResult(
            links.All.Any(l => l.FromServerId == pair.StandbyId && l.ToServerId == pair.PrimaryId)
            && !links.All.Any(l => l.FromServerId == pair.PrimaryId && l.ToServerId == pair.StandbyId)), TimeSpan.FromSeconds(5)));

        // The old primary comes back (booting as standby, epoch 0): the console demotes it at the new epoch.
        await pair.Primary.RestartAsync("standby");
        var fenced = await FailoverPair.WaitForAsync(async () => (await pair.Primary.GetRoleAsync())?.Epoch == 1, TimeSpan.FromSeconds(20));
        Assert.NotNull(fenced);
        Assert.Equal(new Support.RoleStateDto("standby", 1), Support.Dto(await pair.Primary.GetRoleAsync()));
        Assert.Equal(new Support.RoleStateDto("primary", 1), Support.Dto(await pair.Standby.GetRoleAsync()));

        await FailoverPair.WaitForAsync(async () => (await pair.EventsAsync()).Any(e => e.Kind == "Fenced"), TimeSpan.FromSeconds(5));
        var kinds = (await pair.EventsAsync()).Select(e => e.Kind).Reverse().ToList();
        Assert.Equal(["Detected", "Promoted", "FencingFailed", "Fenced"], kinds.SkipWhile(k => k != "Detected").Where(k => k != "Recovered"));
        Assert.Equal("Suspect", kinds.TakeWhile(k => k != "Detected").Last());
        Assert.All(await pair.EventsAsync(), e => Assert.Equal("automatic", e.Trigger));
        Assert.True(pair.BothPrimaryObservations.Count == 0, string.Join("\n", pair.BothPrimaryObservations));

        var audit = await app.AdminClient().GetFromJsonAsync<AuditResultsDto>("/api/audit?action=failover.promoted&take=50");
        Assert.Contains(audit!.Items, a => a.Actor == "system:failover" && a.Target == $"group {group.Name}");
    }

    [Fact]
    public async Task OldPrimaryRestartedWithRolePrimary_StateFile_BootsStandby_NeverTwoPrimaries_DemotedAtNewEpoch()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "state", stateFiles: true);
        await pair.WaitUntilHealthyAsync();
        await pair.Primary.KillAsync();
        Assert.NotNull(await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", pair.Bound));

        // A supervisor restarts the crashed process with its original command line, "--role primary" included: the
        // state file makes it come back as standby, and the console then demotes it at the new epoch.
        await pair.Primary.RestartAsync("primary");
        var published = new List<int>();
        var fenced = await FailoverPair.WaitForAsync(async () =>
        {
            published.Add((await pair.GroupAsync()).Active!.Id);
            return (await pair.Primary.GetRoleAsync()) is { Role: "standby", Epoch: 1 };
        }, TimeSpan.FromSeconds(20));
        Assert.NotNull(fenced);
        Assert.All(published, id => Assert.Equal(pair.StandbyId, id));
        Assert.Equal(new Support.RoleStateDto("primary", 1), Support.Dto(await pair.Standby.GetRoleAsync()));
        Assert.True(pair.BothPrimaryObservations.Count == 0, string.Join("\n", pair.BothPrimaryObservations));
    }

    [Fact]
    public async Task OldPrimaryRestartedWithRolePrimary_NoStateFile_DemotedWithinOneInterval_EveryTime_ConsoleNeverPublishesIt()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "return");
        await pair.WaitUntilHealthyAsync();
        await pair.Primary.KillAsync();
        Assert.NotNull(await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", pair.Bound));

        // Without a state file the restarted process claims primary at epoch 0 until the console's next check demotes
        // it. The second restart comes after it was already fenced once: it must be demoted again, not trusted.
        var published = new List<int>();
        for (var restart = 1; restart <= 2; restart++)
        {
            await pair.Primary.RestartAsync("primary");
            var fenced = await FailoverPair.WaitForAsync(async () =>
            {
                published.Add((await pair.GroupAsync()).Active!.Id);
                return (await pair.Primary.GetRoleAsync()) is { Role: "standby", Epoch: 1 };
            }, TimeSpan.FromSeconds(20));
            Assert.NotNull(fenced);
            Assert.True(fenced <= TimeSpan.FromSeconds(FailoverPair.IntervalSeconds + 5), $"restart {restart}: demoted after {fenced}");
            if (restart == 1)
                await pair.Primary.KillAsync();
        }
        Assert.All(published, id => Assert.Equal(pair.StandbyId, id));
        Assert.Equal(new Support.RoleStateDto("primary", 1), Support.Dto(await pair.Standby.GetRoleAsync()));
        // The window in which both said primary: only ever the restarted process at the stale epoch 0, never two at one epoch.
        Assert.All(pair.BothPrimaryObservations, o => Assert.Contains("primary-process=RoleState { Role = primary, Epoch = 0 }", o));
        var fences = (await pair.EventsAsync()).Where(e => e.Kind == "Fenced" && e.ServerId == pair.PrimaryId).ToList();
        Assert.Equal(2, fences.Count);
        Assert.Contains(fences, e => e.Message.StartsWith("standby reported primary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ActivePrimaryRestartedWithStateFile_ComesBackStandby_ConsoleFailsOverInsteadOfPublishingAStandby()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "active", stateFiles: true);
        await pair.WaitUntilHealthyAsync();

        // A quick restart (shorter than the failover bound) of the active primary: it answers MCP again, but as standby.
        await pair.Primary.RestartAsync("primary");
        Assert.NotNull(await FailoverPair.WaitForAsync(async () => (await pair.Primary.GetRoleAsync())?.Role == "standby", TimeSpan.FromSeconds(10)));

        var promoted = await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", pair.Bound + TimeSpan.FromSeconds(5));
        Assert.NotNull(promoted);
        var group = await FailoverPair.WaitForGroupAsync(pair, g => g.Active?.Id == pair.StandbyId && g.State == "FailedOver");
        Assert.Equal(1, group.Epoch);
        Assert.Contains(await pair.EventsAsync(), e => e.Kind == "Suspect");
        Assert.Equal(new Support.RoleStateDto("standby", 1), Support.Dto(await pair.Primary.GetRoleAsync()));
        Assert.True(pair.BothPrimaryObservations.Count == 0, string.Join("\n", pair.BothPrimaryObservations));
    }

    [Fact]
    public async Task FlappingPrimary_AtMostOneFailover()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "flap", intervalSeconds: 2);
        await pair.WaitUntilHealthyAsync();

        // Down ~5 s, up ~3 s, six times: long enough for one failover, then it keeps bouncing.
        for (var i = 0; i < 6; i++)
        {
            await pair.Primary.KillAsync();
            await Task.Delay(5000);
            await pair.Primary.RestartAsync("standby");
            await Task.Delay(3000);
        }
        await Task.Delay(3000);

        var promotions = (await pair.EventsAsync()).Count(e => e.Kind == "Promoted");
        Assert.True(promotions <= 1, $"{promotions} promotions");
        var standby = await pair.Standby.GetRoleAsync();
        Assert.True(standby!.Epoch <= 1);
        Assert.True(pair.BothPrimaryObservations.Count == 0, string.Join("\n", pair.BothPrimaryObservations));
    }

    [Fact]
    public async Task BothDown_NothingPromoted_CriticalEvent()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "both");
        await pair.WaitUntilHealthyAsync();
        await pair.Standby.KillAsync();
        await pair.Primary.KillAsync();

        var group = await FailoverPair.WaitForGroupAsync(pair, g => g.State == "DegradedNoStandby");
        Assert.Equal(pair.PrimaryId, group.Active!.Id);
        // An attempt may have consumed epoch 1 (a dying standby answered its last check): it must not have succeeded.
        var events = await pair.EventsAsync();
        Assert.DoesNotContain(events, e => e.Kind == "Promoted");
        var criticals = events.Where(e => e.Critical).ToList();
        Assert.NotEmpty(criticals);
        Assert.All(criticals, c => Assert.Equal("NoHealthyStandby", c.Kind));
        Assert.Contains("nothing promoted", criticals[^1].Message);
        var audit = await app.AdminClient().GetFromJsonAsync<AuditResultsDto>("/api/audit?action=failover.noHealthyStandby&take=50");
        Assert.Contains(audit!.Items, a => !a.Succeeded && a.Target == $"group {group.Name}");
        // The alerts read the timeline: the stranded group is one critical condition alert.
        await app.Factory.Services.GetRequiredService<AlertEvaluator>().EvaluateAsync(CancellationToken.None);
        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            var alerts = await db.Set<AlertStateRow>().Where(r => r.Group == group.Name).ToListAsync();
            var critical = Assert.Single(alerts, r => r.Kind == AlertKinds.FailoverNoHealthyStandby);
            Assert.Null(critical.ResolvedAt);
            Assert.Contains("nothing promoted", critical.Details, StringComparison.Ordinal);
        }

        // The standby returns: promoted at once, the group out of the critical state.
        await pair.Standby.RestartAsync("standby");
        Assert.NotNull(await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task TransitionCommand_AdminOnly_RunsWithoutShellWithTransitionInEnvironment_ExitAndOutputOnTimeline()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "cmd", intervalSeconds: 3600);
        var coordinator = app.Factory.Services.GetRequiredService<FailoverCoordinator>();
        await pair.WaitUntilHealthyAsync(() => coordinator.RunCheckAsync(pair.GroupId, CancellationToken.None));
        var work = Directory.CreateTempSubdirectory("mcpconsole-transition-");
        var script = Path.Combine(work.FullName, "reload-lb.sh");
        await File.WriteAllTextAsync(script, """
            #!/bin/sh
            env > "$1"
            printf 'argument: %s\n' "$2" >> "$1"
            echo "reloaded for $MCPCONSOLE_FAILOVER_NEW_PRIMARY"
            if [ "$3" = "hang" ]; then sleep 30; fi
            exit 0
            """);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var envFile = Path.Combine(work.FullName, "env.txt");
        var injected = Path.Combine(work.FullName, "injected");
        Environment.SetEnvironmentVariable("MCPCONSOLE_TEST_CONSOLE_SECRET", "must-not-leak");
        try
        {
            var command = new { program = script, arguments = new[] { envFile, $"$(touch {injected}); echo x", "" }, timeoutSeconds = 20 };
            var operatorClient = await app.ClientWithNewKey($"cmd-op-{pair.GroupId}", Features.Accounts.ConsoleRole.Operator);
            Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PutAsJsonAsync($"/api/failover/groups/{pair.GroupId}/command", command)).StatusCode);
            var set = await app.AdminClient().PutAsJsonAsync($"/api/failover/groups/{pair.GroupId}/command", command);
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            var audit = await app.AdminClient().GetFromJsonAsync<AuditResultsDto>("/api/audit?action=failover.commandChanged&take=50");
            var groupName = (await pair.GroupAsync()).Name;
            Assert.Contains(audit!.Items, a => a.Actor.StartsWith("key:", StringComparison.Ordinal) && a.Target == $"group {groupName}" && (a.Details ?? "").Contains(script, StringComparison.Ordinal));

            // A switchover by an operator: the command runs once for it, with the transition in its environment.
            var promoted = await operatorClient.PostAsJsonAsync($"/api/failover/groups/{pair.GroupId}/promote", new { targetServerId = pair.StandbyId, expectedEpoch = 0 });
            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
            var ran = await WaitForEventAsync(pair, "CommandRan", 1);
            Assert.StartsWith($"transition command {script} exited with code 0", ran.Message, StringComparison.Ordinal);
            var group = await pair.GroupAsync();
            var standbyName = group.Members.Single(m => m.ServerId == pair.StandbyId).Name;
            var primaryName = group.Members.Single(m => m.ServerId == pair.PrimaryId).Name;
            Assert.Contains($"reloaded for {standbyName}", ran.Message, StringComparison.Ordinal);
            Assert.StartsWith($"operator:key:cmd-op-{pair.GroupId} ", ran.Trigger, StringComparison.Ordinal);

            var env = (await File.ReadAllLinesAsync(envFile)).ToList();
            Assert.Contains($"MCPCONSOLE_FAILOVER_GROUP={group.Name}", env);
            Assert.Contains($"MCPCONSOLE_FAILOVER_OLD_PRIMARY={primaryName}", env);
            Assert.Contains($"MCPCONSOLE_FAILOVER_NEW_PRIMARY={standbyName}", env);
            Assert.Contains($"MCPCONSOLE_FAILOVER_NEW_PRIMARY_ENDPOINT={pair.Standby.McpUrl}", env);
            Assert.Contains("MCPCONSOLE_FAILOVER_EPOCH=1", env);
            Assert.Contains(env, l => l.StartsWith("MCPCONSOLE_FAILOVER_EVENTS=", StringComparison.Ordinal) && l.Contains("Promoted", StringComparison.Ordinal));
            Assert.Contains(env, l => l.StartsWith("MCPCONSOLE_FAILOVER_REASON=", StringComparison.Ordinal) && l.Contains("promoted to primary at epoch 1", StringComparison.Ordinal));
            // Arguments arrive as they are (no shell ran them), and the console's own environment is not passed on.
            Assert.Contains($"argument: $(touch {injected}); echo x", env);
            Assert.False(File.Exists(injected));
            Assert.DoesNotContain(env, l => l.Contains("must-not-leak", StringComparison.Ordinal));

            // A command that overruns its timeout is killed and says so on the timeline (failback to the primary).
            var slow = new { program = script, arguments = new[] { envFile, "x", "hang" }, timeoutSeconds = 1 };
            Assert.Equal(HttpStatusCode.OK, (await app.AdminClient().PutAsJsonAsync($"/api/failover/groups/{pair.GroupId}/command", slow)).StatusCode);
            var back = await operatorClient.PostAsJsonAsync($"/api/failover/groups/{pair.GroupId}/promote", new { targetServerId = pair.PrimaryId, expectedEpoch = 1 });
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            var timedOut = await WaitForEventAsync(pair, "CommandRan", 2);
            Assert.Contains("timed out after", timedOut.Message, StringComparison.Ordinal);
            Assert.Contains("failover.commandRan", (await app.AdminClient().GetStringAsync("/api/audit?action=failover.commandRan&take=50")), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MCPCONSOLE_TEST_CONSOLE_SECRET", null);
            work.Delete(recursive: true);
        }
    }

    private static async Task<EventDto> WaitForEventAsync(FailoverPair pair, string kind, int count)
    {
        List<EventDto> found = [];
        await FailoverPair.WaitForAsync(async () => (found = [.. (await pair.EventsAsync()).Where(e => e.Kind == kind)]).Count >= count, TimeSpan.FromSeconds(30));
        Assert.True(found.Count >= count, $"expected {count} {kind} events, got {found.Count}: {string.Join(" | ", await pair.EventsAsync())}");
        return found[0];
    }

    [Fact]
    public async Task ButtonAndAutomaticDecisionRacing_OnePromotion()
    {
        // Checked by the job once at creation, then not for an hour: this test drives the checks itself.
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "race", intervalSeconds: 3600);
        var coordinator = app.Factory.Services.GetRequiredService<FailoverCoordinator>();
        await pair.WaitUntilHealthyAsync(() => coordinator.RunCheckAsync(pair.GroupId, CancellationToken.None));
        // Two checks with both healthy, then kill the primary and fail it twice: the next check decides to promote.
        await coordinator.RunCheckAsync(pair.GroupId, CancellationToken.None);
        await pair.Primary.KillAsync();
        await coordinator.RunCheckAsync(pair.GroupId, CancellationToken.None);
        await coordinator.RunCheckAsync(pair.GroupId, CancellationToken.None);

        var operatorClient = await app.ClientWithNewKey($"race-op-{pair.GroupId}", Features.Accounts.ConsoleRole.Operator);
        var racers = new List<Task>
        {
            coordinator.RunCheckAsync(pair.GroupId, CancellationToken.None),
            operatorClient.PostAsJsonAsync($"/api/failover/groups/{pair.GroupId}/promote", new { targetServerId = pair.StandbyId, expectedEpoch = 0 }),
            coordinator.RunCheckAsync(pair.GroupId, CancellationToken.None),
            coordinator.ExecuteAsync(pair.GroupId, pair.StandbyId, 0, "second-operator", CancellationToken.None),
        };
        await Task.WhenAll(racers);

        var events = await pair.EventsAsync();
        var responses = racers.OfType<Task<HttpResponseMessage>>().Select(t => t.Result).ToList();
        var said = string.Join("\n", events) + "\n" + string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())));
        Assert.True(events.Count(e => e.Kind == "Promoted") == 1, said);
        Assert.Equal(new Support.RoleStateDto("primary", 1), Support.Dto(await pair.Standby.GetRoleAsync()));
        var group = await pair.GroupAsync();
        Assert.Equal(1, group.Epoch);
        Assert.Equal(pair.StandbyId, group.Active!.Id);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
    }
}
