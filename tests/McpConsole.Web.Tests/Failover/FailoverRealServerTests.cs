using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using McpConsole.Web.Features.Failover;
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
        await FailoverPair.WaitForAsync(async () => (await pair.GroupAsync()).Members.All(m => m.Healthy), TimeSpan.FromSeconds(20));

        await pair.Primary.KillAsync();
        var promotedAfter = await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", pair.Bound + TimeSpan.FromSeconds(5));

        Assert.NotNull(promotedAfter);
        Assert.True(promotedAfter <= pair.Bound, $"standby promoted after {promotedAfter}, bound {pair.Bound}");
        Assert.Equal(new Support.RoleStateDto("primary", 1), Support.Dto(await pair.Standby.GetRoleAsync()));
        var group = await FailoverPair.WaitForGroupAsync(pair, g => g.State == "FailedOver");
        Assert.Equal(pair.StandbyId, group.Active!.Id);
        Assert.Equal(pair.Standby.McpUrl, group.Active.Endpoint);
        Assert.Equal(1, group.Epoch);

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
        Assert.Empty(pair.BothPrimaryObservations);

        var audit = await app.AdminClient().GetFromJsonAsync<AuditResultsDto>("/api/audit?action=failover.promoted&take=50");
        Assert.Contains(audit!.Items, a => a.Actor == "system:failover" && a.Target == $"group {group.Name}");
    }

    [Fact]
    public async Task OldPrimaryRestartedAsPrimary_DemotedAtNewEpochWithinOneInterval_ConsoleNeverPublishesIt()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "return");
        await FailoverPair.WaitForAsync(async () => (await pair.GroupAsync()).Members.All(m => m.Healthy), TimeSpan.FromSeconds(20));
        await pair.Primary.KillAsync();
        Assert.NotNull(await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", pair.Bound));

        // A supervisor that restarts the crashed process with its original "--role primary": it claims primary at
        // epoch 0 (the sample server keeps no epoch on disk) until the console's next check fences it.
        await pair.Primary.RestartAsync("primary");
        var watch = Stopwatch.StartNew();
        var published = new List<int>();
        var fenced = await FailoverPair.WaitForAsync(async () =>
        {
            published.Add((await pair.GroupAsync()).Active!.Id);
            return (await pair.Primary.GetRoleAsync()) is { Role: "standby", Epoch: 1 };
        }, TimeSpan.FromSeconds(20));
        Assert.NotNull(fenced);
        Assert.True(fenced <= TimeSpan.FromSeconds(FailoverPair.IntervalSeconds + 3), $"demoted after {fenced}");
        Assert.All(published, id => Assert.Equal(pair.StandbyId, id));
        Assert.Equal(new Support.RoleStateDto("primary", 1), Support.Dto(await pair.Standby.GetRoleAsync()));
    }

    [Fact]
    public async Task FlappingPrimary_AtMostOneFailover()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "flap");
        await FailoverPair.WaitForAsync(async () => (await pair.GroupAsync()).Members.All(m => m.Healthy), TimeSpan.FromSeconds(20));

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
        Assert.Empty(pair.BothPrimaryObservations);
    }

    [Fact]
    public async Task BothDown_NothingPromoted_CriticalEvent()
    {
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "both");
        await FailoverPair.WaitForAsync(async () => (await pair.GroupAsync()).Members.All(m => m.Healthy), TimeSpan.FromSeconds(20));
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

        // The standby returns: promoted at once, the group out of the critical state.
        await pair.Standby.RestartAsync("standby");
        Assert.NotNull(await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task ButtonAndAutomaticDecisionRacing_OnePromotion()
    {
        // Checked by the job once at creation, then not for an hour: this test drives the checks itself.
        await using var pair = await FailoverPair.StartAsync(app.AdminClient(), "race", intervalSeconds: 3600);
        var coordinator = app.Factory.Services.GetRequiredService<FailoverCoordinator>();
        await FailoverPair.WaitForAsync(async () => (await pair.GroupAsync()).Members.All(m => m.Healthy), TimeSpan.FromSeconds(20));
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
