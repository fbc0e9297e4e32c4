using System.IO;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Failover;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Failover;

/// <summary>One member whose check throws never stops the check of the rest of its group.</summary>
[Collection(RealServerCollection.Name)]
public sealed class MemberCheckIsolationTests
{
    [Fact]
    public async Task StandbyWhoseCheckThrows_IsUnhealthyWithTheReason_PrimaryStillCheckedAndKept()
    {
        var broken = new BrokenOrigin();
        await using var app = new Console(broken);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        await using var pair = await FailoverPair.StartAsync(api, "isolation");
        await pair.WaitUntilHealthyAsync();

        // From now on reading the standby's GET /role throws something no transport handler expects (a fault of the
        // kind the check has no case for), while the primary answers as before.
        broken.Origin = pair.Standby.BaseUri.GetLeftPart(UriPartial.Authority);
        var checks = await app.Services.GetRequiredService<MemberChecks>().CheckAsync([pair.PrimaryId, pair.StandbyId], TimeSpan.FromSeconds(2), default);
        Assert.True(checks[pair.PrimaryId].Healthy, checks[pair.PrimaryId].Error);
        Assert.False(checks[pair.StandbyId].Healthy);
        Assert.Contains("check failed", checks[pair.StandbyId].Error);
        Assert.Contains("odd reply", checks[pair.StandbyId].Error);

        // What the failover page shows: the standby unhealthy, the primary still healthy and active, no failover.
        var group = await FailoverPair.WaitForGroupAsync(pair, g => g.Members.Any(m => m.ServerId == pair.StandbyId && !m.Healthy));
        Assert.True(group.Members.Single(m => m.ServerId == pair.PrimaryId).Healthy);
        Assert.Equal(pair.PrimaryId, group.Active?.Id);
        await Task.Delay(TimeSpan.FromSeconds(FailoverPair.IntervalSeconds * 2));
        group = await pair.GroupAsync();
        Assert.True(group.Members.Single(m => m.ServerId == pair.PrimaryId).Healthy);
        Assert.DoesNotContain(await pair.EventsAsync(), e => e.Kind == "Promoted");
    }

    private sealed class BrokenOrigin
    {
        public volatile string? Origin;
    }

    private sealed class Console(BrokenOrigin broken) : ConsoleAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddHttpClient(RoleClient.HttpClientName).AddHttpMessageHandler(() => new Thrower(broken)));
        }
    }

    private sealed class Thrower(BrokenOrigin broken) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            broken.Origin is { } origin && request.RequestUri!.GetLeftPart(UriPartial.Authority) == origin
                ? throw new InvalidDataException("odd reply from this member")
                : base.SendAsync(request, cancellationToken);
    }
}
