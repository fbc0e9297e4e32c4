using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Tests.Alerts;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Tests.Outbound;

/// <summary>The policy's settings, as an operator sets them (McpConsole__Outbound__...), against real loopback listeners.</summary>
public sealed class OutboundSettingsTests
{
    [Fact]
    public async Task LoopbackRefusedByConfiguration_AWebhookToLoopbackFails_UnlessItsHostIsAllowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var console = new ConsoleAppFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["McpConsole:Probing:Enabled"] = "false",
                ["McpConsole:Outbound:AllowLoopback"] = "false",
                ["McpConsole:Outbound:AllowedHosts:0"] = "localhost",
            },
        };
        var admin = console.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);

        var byAddress = await SendTestAsync(admin, "by address", receiver.Url);
        var byAllowedName = await SendTestAsync(admin, "by allowed name", receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));

        Assert.False(byAddress.Succeeded);
        Assert.Equal("refused by the outbound policy: 127.0.0.1 is a loopback address; see McpConsole__Outbound__AllowLoopback or McpConsole__Outbound__AllowedHosts", byAddress.Answer);
        Assert.True(byAllowedName.Succeeded, byAllowedName.Answer);
        Assert.Single(receiver.Bodies);
    }

    [Fact]
    public async Task ANameIsCheckedOnTheAddressesItResolvesTo_DeniedRangesWinOverAllowedHosts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = new Uri(receiver.Url).Port;
        using var noLoopback = Client(new OutboundOptions { AllowLoopback = false });
        using var denied = Client(new OutboundOptions { AllowedHosts = ["localhost", "127.0.0.1"], DeniedCidrs = ["127.0.0.0/8", "::1"] });
        using var defaults = Client(new OutboundOptions());

        var resolved = await Assert.ThrowsAnyAsync<HttpRequestException>(() => noLoopback.PostAsJsonAsync($"http://localhost:{port}/hook", new { }));
        var deniedRange = await Assert.ThrowsAnyAsync<HttpRequestException>(() => denied.PostAsJsonAsync($"http://127.0.0.1:{port}/hook", new { }));
        var ok = await defaults.PostAsJsonAsync($"http://localhost:{port}/hook", new { });

        Assert.Matches(@"^refused by the outbound policy: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address", OutboundRefusedException.Find(resolved)!.Message);
        Assert.Equal("refused by the outbound policy: 127.0.0.1 is in the denied range 127.0.0.0/8; see McpConsole__Outbound__DeniedCidrs", OutboundRefusedException.Find(deniedRange)!.Message);
        Assert.True(ok.IsSuccessStatusCode);
        Assert.Single(receiver.Bodies);
    }

    [Theory]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal is a cloud metadata host")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/", "169.254.169.254 is a link-local/metadata address")]
    [InlineData("http://[fd00:ec2::254]/latest/", "fd00:ec2::254 is a link-local/metadata address")]
    [InlineData("http://100.100.100.200/latest/", "100.100.100.200 is a link-local/metadata address")]
    [InlineData("http://169.254.10.1/", "169.254.10.1 is a link-local/metadata address")]
    [InlineData("http://[fe80::1]/", "fe80::1 is a link-local/metadata address")]
    public async Task MetadataAndLinkLocal_AreRefusedByDefault_BeforeAnyConnection(string url, string reason)
    {
        using var client = Client(new OutboundOptions());

        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(url));

        Assert.StartsWith($"refused by the outbound policy: {reason}", OutboundRefusedException.Find(refused)!.Message);
    }

    private static HttpClient Client(OutboundOptions options) =>
        new(new OutboundPolicy(Options.Create(options)).CreateHandler()) { Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<SendResult> SendTestAsync(HttpClient admin, string name, string url)
    {
        var created = await admin.PostAsJsonAsync("/api/alerts/channels", new ChannelInput(name, ChannelKinds.Webhook, WebhookUrl: url));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<ChannelView>())!.Id;
        return (await (await admin.PostAsync($"/api/alerts/channels/{id}/test", null)).Content.ReadFromJsonAsync<SendResult>())!;
    }
}
