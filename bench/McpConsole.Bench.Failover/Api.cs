using System.Diagnostics;
using System.Net.Http.Json;
using McpConsole.TestSupport;

namespace McpConsole.Bench.Failover;

public sealed record Pair(int Id, int PrimaryId, int StandbyId);

public sealed record GroupDto(int Id, string State, long Epoch, ActiveDto? Active, List<MemberDto> Members);

public sealed record ActiveDto(int Id, string Name);

public sealed record MemberDto(int ServerId, bool Healthy);

public sealed record EventDto(DateTimeOffset At, string Kind, long Epoch, int? ServerId, string Message);

/// <summary>The console's public API, as a load balancer or an operator's script would use it.</summary>
internal static class Api
{
    public static async Task<Pair> CreatePairAsync(HttpClient api, string name, SampleServerChild primary, SampleServerChild standby, int interval, int failures)
    {
        var primaryId = await RegisterAsync(api, name + "-p", primary);
        var standbyId = await RegisterAsync(api, name + "-s", standby);
        var response = await api.PostAsJsonAsync("/api/failover/groups", new
        {
            name, primaryServerId = primaryId, standbyServerIds = new[] { standbyId }, checkIntervalSeconds = interval, failuresBeforeFailover = failures,
            timeoutMs = Math.Min(5000, interval * 750), // the default 5 s, or less for intervals under 7 s
        });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"group {name} refused: {await response.Content.ReadAsStringAsync()}");
        return new Pair((await response.Content.ReadFromJsonAsync<GroupDto>())!.Id, primaryId, standbyId);
    }

    public static async Task RemoveAsync(HttpClient api, Pair pair)
    {
        await api.DeleteAsync($"/api/failover/groups/{pair.Id}");
        await api.DeleteAsync($"/api/servers/{pair.PrimaryId}");
        await api.DeleteAsync($"/api/servers/{pair.StandbyId}");
    }

    public static async Task<GroupDto> GroupAsync(HttpClient api, int id) => (await api.GetFromJsonAsync<GroupDto>($"/api/failover/groups/{id}"))!;

    public static async Task<List<EventDto>> EventsAsync(HttpClient api, int id) =>
        (await api.GetFromJsonAsync<List<EventDto>>($"/api/failover/groups/{id}/events?take=1000"))!;

    public static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan deadline) =>
        await TimeUntilAsync(Stopwatch.StartNew(), condition, deadline) is not null;

    /// <summary>Polls every 20 ms; the elapsed time when a poll first answered yes (its end: never early), or null at the deadline.</summary>
    public static async Task<TimeSpan?> TimeUntilAsync(Stopwatch watch, Func<Task<bool>> condition, TimeSpan deadline)
    {
        while (watch.Elapsed < deadline)
        {
            if (await condition())
                return watch.Elapsed;
            await Task.Delay(20);
        }
        return null;
    }

    private static async Task<int> RegisterAsync(HttpClient api, string name, SampleServerChild server)
    {
        var response = await api.PostAsJsonAsync("/api/servers", new { name, transport = "StreamableHttp", url = server.McpUrl, timeoutSeconds = 5 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<GroupDto>())!.Id;
    }
}
