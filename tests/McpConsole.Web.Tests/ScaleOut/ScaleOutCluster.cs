using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Tests.Backups;
using Npgsql;

namespace McpConsole.Web.Tests.ScaleOut;

public sealed record InstanceDto(string InstanceId, string HostName, DateTimeOffset HeartbeatAt, bool Live, bool IsThisInstance, List<string> Servers);

/// <summary>
/// Console instances (real apps, in this process) sharing one database of a throwaway PostgreSQL cluster, with short
/// heartbeats and leases so hand-overs happen within seconds.
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    public PostgresCluster Postgres { get; } = new();

    public async Task InitializeAsync() => await Postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Postgres.DisposeAsync();
    }

    public async Task<string> CreateDatabaseAsync()
    {
        var name = "console_" + Guid.NewGuid().ToString("N")[..8];
        await Postgres.PsqlAsync("postgres", $"CREATE DATABASE {name}");
        return Postgres.ConnectionString(name);
    }

    public static ConsoleAppFactory Instance(string connectionString, string name, bool probing = true) => new()
    {
        Settings = Settings(connectionString, name, probing),
    };

    /// <summary>The configuration of one instance (also as environment variables for a console started as a process).</summary>
    public static Dictionary<string, string> Settings(string connectionString, string name, bool probing = true) => new()
    {
        ["McpConsole:Database:Provider"] = "Postgres",
        ["McpConsole:Database:ConnectionString"] = connectionString,
        ["McpConsole:ScaleOut:InstanceId"] = name,
        ["McpConsole:ScaleOut:HeartbeatInterval"] = Heartbeat.ToString(),
        ["McpConsole:ScaleOut:LeaseDuration"] = Lease.ToString(),
        ["McpConsole:Probing:Enabled"] = probing ? "true" : "false",
    };

    public static HttpClient Api(ConsoleAppFactory app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return client;
    }

    /// <summary>Registers <paramref name="count"/> HTTP servers named fleet-0.. at one URL; their ids in order.</summary>
    public static async Task<List<int>> RegisterFleetAsync(HttpClient api, int count, string url, int intervalSeconds)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var response = await api.PostAsJsonAsync("/api/servers", new
            {
                name = $"fleet-{i}", transport = "StreamableHttp", url, timeoutSeconds = 3, probeIntervalSeconds = intervalSeconds,
            });
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<Created>())!.Id);
        }

        return ids;
    }

    private sealed record Created(int Id);

    public static async Task<List<InstanceDto>> InstancesAsync(HttpClient api) => (await api.GetFromJsonAsync<List<InstanceDto>>("/api/instances"))!;

    /// <summary>Every probe sample of the given servers (server id, time), oldest first.</summary>
    public static async Task<List<(int ServerId, DateTimeOffset At)>> SamplesAsync(string connectionString, IReadOnlyCollection<int> servers)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "ServerId", "At" FROM "ProbeSamples" WHERE "ServerId" = ANY(@ids) ORDER BY "At" """, connection);
        command.Parameters.AddWithValue("ids", servers.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, DateTimeOffset)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetInt32(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero)));
        return rows;
    }

    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(200);
        }
    }
}
