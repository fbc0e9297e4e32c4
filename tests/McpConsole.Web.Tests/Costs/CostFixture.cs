using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Tests.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Web.Tests.Costs;

/// <summary>
/// The console on a fake clock (probing off) with a real SMTP server, and a seeded history of resource readings:
/// "steady" (30 h at 0.2 cores and 100 MB of 2 cores and 1 GB allocated, no client requests) and "young" (5 h).
/// </summary>
public sealed class CostFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);
    public SmtpTestServer Smtp { get; private set; } = null!;
    public FakeClockConsole App { get; private set; } = null!;
    public int ChannelId { get; private set; }
    public int Steady { get; private set; }
    public int Young { get; private set; }

    public HttpClient Admin() => WithKey(ConsoleAppFactory.BootstrapKey);

    public HttpClient Anonymous() => App.CreateClient();

    public HttpClient WithKey(string key)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async Task<HttpClient> WithRoleAsync(ConsoleRole role)
    {
        var response = await Admin().PostAsJsonAsync("/api/apikeys", new { name = $"costs-{role}-{Guid.NewGuid():N}"[..30], role = role.ToString() });
        response.EnsureSuccessStatusCode();
        return WithKey((await response.Content.ReadFromJsonAsync<CreatedKeyDto>())!.Secret);
    }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        Smtp = await SmtpTestServer.StartNewAsync();
        App = new FakeClockConsole(Clock);
        var admin = Admin();
        var channel = await admin.PostAsJsonAsync("/api/alerts/channels", new ChannelInput("cost mail", ChannelKinds.Email, Host: "127.0.0.1",
            Port: Smtp.SmtpPort, TlsMode: TlsModes.None, From: "console@example.com", To: "oncall@example.com"));
        channel.EnsureSuccessStatusCode();
        ChannelId = (await channel.Content.ReadFromJsonAsync<ChannelView>())!.Id;
        // Unreachable endpoints: the sampler finds no /metrics there, so only the seeded readings count.
        Steady = await Fleet.FleetApi.CreateAsync(admin, new { name = "steady", transport = "StreamableHttp", url = "http://127.0.0.1:9/mcp",
            group = "batch", location = "cloud", tags = new[] { "prod" }, cpuCores = 2, memoryMb = 1024 });
        Young = await Fleet.FleetApi.CreateAsync(admin, new { name = "young", transport = "StreamableHttp", url = "http://127.0.0.1:9/mcp",
            location = "on-prem", cpuCores = 1, memoryMb = 512 });
        await SeedAsync(Steady, TimeSpan.FromHours(30), cpu: 0.2, memoryMb: 100);
        await SeedAsync(Young, TimeSpan.FromHours(5), cpu: 0.5, memoryMb: 300);
    }

    /// <summary>A reading every 60 s up to <see cref="Now"/>, as the sampler writes them (requests 0 after the first).</summary>
    private async Task SeedAsync(int serverId, TimeSpan span, double cpu, double memoryMb)
    {
        await using var connection = await Get<MetricsDatabase>().OpenAsync();
        await using var tx = connection.BeginTransaction();
        await using var insert = connection.Command(
            """INSERT INTO "ResourceSamples" ("ServerId", "At", "CpuCores", "MemoryMb", "Requests") VALUES (@id, @at, @cpu, @mem, @req)""",
            ("@id", serverId), ("@at", 0L), ("@cpu", cpu), ("@mem", memoryMb), ("@req", 0L));
        insert.Transaction = tx;
        var count = (int)span.TotalMinutes;
        for (var i = 0; i <= count; i++)
        {
            insert.Parameters[1].Value = Now.AddMinutes(i - count).UtcTicks;
            insert.Parameters[2].Value = i == 0 ? DBNull.Value : cpu;
            insert.Parameters[4].Value = i == 0 ? DBNull.Value : 0L;
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
