using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Alerts;

/// <summary>
/// The console on the real clock (so Hangfire's schedules and the failover job run as in production; probing off, group
/// wait 0 so a notice goes out on the next evaluation) with a real smtp4dev and an e-mail channel to it.
/// </summary>
public sealed class LiveMailConsole : IAsyncLifetime
{
    public SmtpTestServer Smtp { get; private set; } = null!;
    public Factory App { get; } = new();
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
        var response = await Admin().PostAsJsonAsync("/api/alerts/channels", new ChannelInput("live mail", ChannelKinds.Email, Host: "127.0.0.1",
            Port: Smtp.SmtpPort, TlsMode: TlsModes.None, From: "console@example.com", To: "oncall@example.com"));
        response.EnsureSuccessStatusCode();
        ChannelId = (await response.Content.ReadFromJsonAsync<ChannelView>())!.Id;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public sealed class Factory : ConsoleAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("McpConsole:Probing:Enabled", "false");
            builder.UseSetting("McpConsole:Alerts:GroupWaitSeconds", "0");
        }
    }
}

/// <summary>
/// Tests that start their own consoles on the real clock run alone: Hangfire's storage is also process-wide
/// (JobStorage.Current), and consoles starting side by side in one test process were seen to lose a queued job.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveConsoleCollection
{
    public const string Name = "alerts live consoles";
}
