using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Web.Tests.Alerts;

/// <summary>The console on a fake clock (probing off) plus a real SMTP server (smtp4dev) and an e-mail channel to it.</summary>
public sealed class AlertsFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
    public SmtpTestServer Smtp { get; private set; } = null!;
    public FakeClockConsole App { get; private set; } = null!;
    public int ChannelId { get; private set; }

    public HttpClient Admin()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return client;
    }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        Smtp = await SmtpTestServer.StartNewAsync();
        App = new FakeClockConsole(Clock);
        var response = await Admin().PostAsJsonAsync("/api/alerts/channels", new ChannelInput("ops mail", ChannelKinds.Email, Host: "127.0.0.1",
            Port: Smtp.SmtpPort, TlsMode: TlsModes.None, Username: "console", Password: "s3cret-smtp-pass", From: "console@example.com", To: "oncall@example.com"));
        response.EnsureSuccessStatusCode();
        ChannelId = (await response.Content.ReadFromJsonAsync<ChannelView>())!.Id;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class FakeClockConsole(TimeProvider clock) : ConsoleAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("McpConsole:Probing:Enabled", "false");
        builder.ConfigureTestServices(s => s.AddSingleton(clock));
    }
}

[CollectionDefinition(Name)]
public sealed class AlertsCollection : ICollectionFixture<AlertsFixture>
{
    public const string Name = "alerts and reports";
}
