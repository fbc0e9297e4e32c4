using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using McpConsole.TestSupport;

namespace McpConsole.Web.Tests.Failover;

public sealed record GroupDto(int Id, string Name, string State, long Epoch, ActiveDto? Active, List<MemberDto> Members);

public sealed record ActiveDto(int Id, string Name, string? Endpoint, string? Origin);

public sealed record MemberDto(int ServerId, string Name, string Role, bool Healthy, bool AwaitingFencing);

public sealed record EventDto(string Kind, long Epoch, int? ServerId, string? ServerName, string Trigger, string Message, bool Critical);

/// <summary>
/// A primary and a standby sample server (child processes), registered in the console and put in a failover group
/// checked every 3 s (2.5 s timeout), failing over after three failed checks. A background poller reads both /role every 25 ms
/// for the whole test and remembers any instant at which both said primary.
/// </summary>
public sealed class FailoverPair : IAsyncDisposable
{
    // 3 s and a 2.5 s timeout: checks that hold on a machine with a load average of 30 on 2 cores.
    public const int IntervalSeconds = 3, Failures = 3;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _bothPrimary = new();
    private Task? _poller;
    private string? _stateDirectory;

    private FailoverPair(HttpClient api, SampleServerChild primary, SampleServerChild standby)
    {
        Api = api;
        Primary = primary;
        Standby = standby;
    }

    public HttpClient Api { get; }
    public SampleServerChild Primary { get; }
    public SampleServerChild Standby { get; }
    public int GroupId { get; private set; }
    public int PrimaryId { get; private set; }
    public int StandbyId { get; private set; }

    /// <summary>Instants (with both /role answers) at which both servers reported primary.</summary>
    public IReadOnlyCollection<string> BothPrimaryObservations => _bothPrimary;

    public TimeSpan Bound => TimeSpan.FromSeconds(IntervalSeconds * Failures + 5);

    /// <param name="stateFiles">Start both servers with --state-file (role and epoch survive a restart).</param>
    public static async Task<FailoverPair> StartAsync(HttpClient api, string label, int intervalSeconds = IntervalSeconds, bool stateFiles = false)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var stateDirectory = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", $"failover-state-{label}-{suffix}");
        if (stateFiles)
            Directory.CreateDirectory(stateDirectory);
        string? StateFile(string role) => stateFiles ? Path.Combine(stateDirectory, $"{role}.json") : null;
        var primary = await SampleServerChild.StartAsync($"{label}-p-{suffix}", "primary", StateFile("p"));
        var standby = await SampleServerChild.StartAsync($"{label}-s-{suffix}", "standby", StateFile("s"));
        var pair = new FailoverPair(api, primary, standby) { _stateDirectory = stateFiles ? stateDirectory : null };
        pair.PrimaryId = await pair.RegisterAsync($"{label}-p-{suffix}", primary);
        pair.StandbyId = await pair.RegisterAsync($"{label}-s-{suffix}", standby);
        var response = await api.PostAsJsonAsync("/api/failover/groups", new
        {
            name = $"{label}-{suffix}", primaryServerId = pair.PrimaryId, standbyServerIds = new[] { pair.StandbyId },
            checkIntervalSeconds = intervalSeconds, failuresBeforeFailover = Failures, timeoutMs = Math.Min(2500, intervalSeconds * 1000 - 500),
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        pair.GroupId = (await response.Content.ReadFromJsonAsync<GroupDto>())!.Id;
        pair._poller = pair.PollRolesAsync(pair._stop.Token);
        return pair;
    }

    private async Task<int> RegisterAsync(string name, SampleServerChild server)
    {
        var response = await Api.PostAsJsonAsync("/api/servers", new { name, transport = "StreamableHttp", url = server.McpUrl, timeoutSeconds = 2, probeIntervalSeconds = 30 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IdDto>())!.Id;
    }

    /// <summary>
    /// Both members passed a check (the precondition of every scenario); fails with the group's view otherwise.
    /// <paramref name="check"/> runs a round first on each try, for groups the job checks only once (long intervals).
    /// </summary>
    public async Task WaitUntilHealthyAsync(Func<Task>? check = null)
    {
        GroupDto? last = null;
        await WaitForAsync(async () =>
        {
            if (check is not null)
                await check();
            return (last = await GroupAsync()).Members.All(m => m.Healthy);
        }, TimeSpan.FromSeconds(40));
        Assert.True(last is not null && last.Members.All(m => m.Healthy), $"the pair never passed a check; last: {last}");
    }

    public async Task<GroupDto> GroupAsync() => (await Api.GetFromJsonAsync<GroupDto>($"/api/failover/groups/{GroupId}"))!;

    public async Task<List<EventDto>> EventsAsync() => (await Api.GetFromJsonAsync<List<EventDto>>($"/api/failover/groups/{GroupId}/events?take=500"))!;

    /// <summary>Waits (up to 20 s) for the group to reach a condition; fails with the last view otherwise.</summary>
    public static async Task<GroupDto> WaitForGroupAsync(FailoverPair pair, Func<GroupDto, bool> condition, TimeSpan? deadline = null)
    {
        GroupDto? last = null;
        await WaitForAsync(async () => condition(last = await pair.GroupAsync()), deadline ?? TimeSpan.FromSeconds(20));
        Assert.True(last is not null && condition(last), $"group never reached the condition; last: {last}");
        return last!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; returns the time it took, or null at the deadline.</summary>
    public static async Task<TimeSpan?> WaitForAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < deadline)
        {
            if (await condition())
                return watch.Elapsed;
            await Task.Delay(50);
        }
        return null;
    }

    /// <summary>
    /// Reads X, then Y, then X again (alternating which server is X). Both primary at one instant is recorded when X
    /// said primary at the same epoch before and after Y said primary: a server changes role only with a new epoch
    /// (same epoch, other role is refused), so X was primary the whole time Y was. Two concurrent reads could not tell
    /// a real overlap from a demote-then-promote that happened between the two answers.
    /// </summary>
    private async Task PollRolesAsync(CancellationToken ct)
    {
        var flip = false;
        while (!ct.IsCancellationRequested)
        {
            flip = !flip;
            var (x, y) = flip ? (Primary, Standby) : (Standby, Primary);
            if (await x.GetRoleAsync(ct) is { Role: "primary" } before && await y.GetRoleAsync(ct) is { Role: "primary" } other
                && await x.GetRoleAsync(ct) is { Role: "primary" } after && after.Epoch == before.Epoch)
            {
                var (p, s) = flip ? (before, other) : (other, before);
                _bothPrimary.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} primary-process={p} standby-process={s}");
            }
            try { await Task.Delay(25, ct); } catch (OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_poller is not null)
            await _poller;
        await Api.PutAsJsonAsync($"/api/failover/groups/{GroupId}", new { enabled = false });
        await Primary.DisposeAsync();
        await Standby.DisposeAsync();
        _stop.Dispose();
        if (_stateDirectory is not null)
            Directory.Delete(_stateDirectory, recursive: true);
    }

    private sealed record IdDto(int Id);
}
