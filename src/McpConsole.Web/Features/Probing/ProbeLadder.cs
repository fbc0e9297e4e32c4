using System.Collections.Concurrent;
using System.Diagnostics;
using McpConsole.Core.Catalog;
using McpConsole.Core.Fleet;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.Limits;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Probes one server through the ladder transport -> handshake -> liveness -> catalog -> health signals, timing each
/// step, under one deadline (the server's timeout: the SDK has none of its own). Clients are reused between probes;
/// the negotiated protocol version is remembered per server and pinned on later connects, which skips the 5 s
/// server/discover probe against older servers.
/// </summary>
public sealed class ProbeLadder(
    StdioSupervisor stdio, HttpSessions http, ILogger<ProbeLadder> logger, ReportedMemory? reportedMemory = null, ObservedRequests? observedRequests = null,
    IOptions<ResponseLimitOptions>? limits = null)
{
    public const string HealthResourceUri = "health://status";
    private readonly ResponseLimitOptions _limits = limits?.Value ?? new ResponseLimitOptions();
    private readonly ConcurrentDictionary<int, string> _versions = new();
    private readonly ConcurrentDictionary<int, CatalogCounts> _counts = new();
    private readonly CatalogHashes _hashes = new();

    /// <summary>How long resource and prompt counts are reused on a live client.</summary>
    public TimeSpan CountsRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Extra time for a stdio server's first handshake after its process starts: `npx -y` may download a package,
    /// and a .NET server JITs on a loaded machine. Without it a starting server is reported as timed out, and a
    /// timed-out server/discover would pin the older protocol for good.
    /// </summary>
    public TimeSpan StdioStartupAllowance { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long past its deadline a probe may take to return (the SDK's own clean-up is not waited for longer).</summary>
    public TimeSpan HardDeadlineGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The protocol version negotiated with a server, as remembered for pinning.</summary>
    public string? KnownProtocolVersion(int serverId) => _versions.GetValueOrDefault(serverId);

    /// <summary>Pins a protocol version for a server before its first connect (an operator's choice, or tests).</summary>
    public void PinProtocolVersion(int serverId, string version) => _versions[serverId] = version;

    /// <summary>Drops the server's cached client, process and remembered version (registry change or removal).</summary>
    public async Task ForgetAsync(int serverId)
    {
        _versions.TryRemove(serverId, out _);
        _counts.TryRemove(serverId, out _);
        reportedMemory?.Forget(serverId);
        _hashes.Forget(serverId);
        await http.ForgetAsync(serverId);
        await stdio.ForgetAsync(serverId);
    }

    /// <summary>
    /// Runs the ladder under the server's deadline and returns by that deadline plus <see cref="HardDeadlineGrace"/>
    /// even when the SDK's clean-up after a cancellation (disposing a transport, ending a process) takes longer:
    /// that clean-up then finishes in the background.
    /// </summary>
    public async Task<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken ct)
    {
        if (target.LoadError is { } unreadable)
        {
            return new ProbeOutcome(ProbeResult.Failed(ProbeFailure.DefinitionUnreadable(unreadable)));
        }

        var run = new LadderRun(target)
        {
            StartsProcess = target.Definition.Transport == ServerTransport.Stdio && !stdio.IsRunning(target.Id),
        };
        var budget = target.Timeout() + (run.StartsProcess ? StdioStartupAllowance : TimeSpan.Zero);
        var work = ProbeCoreAsync(run, budget, ct);
        try
        {
            return await work.WaitAsync(budget + HardDeadlineGrace, ct);
        }
        catch (TimeoutException)
        {
            _ = work.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            logger.LogDebug("Probe of server {ServerId} still cleaning up after its deadline", target.Id);
            var failure = ProbeFailure.Timeout($"{run.Step} after {budget.TotalSeconds:0.#} s");
            return new ProbeOutcome(ProbeResult.Failed(target.Definition.IsHttp ? failure : stdio.Explain(target.Id, failure), run.Elapsed))
            {
                Steps = run.StepsSnapshot(),
                FailedStep = run.Step,
                ProcessId = run.ProcessId,
            };
        }
    }

    private async Task<ProbeOutcome> ProbeCoreAsync(LadderRun run, TimeSpan budget, CancellationToken ct)
    {
        var target = run.Target;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(budget);
        var limits = ResponseLimitScope.Begin();
        try
        {
            try
            {
                return await RunAsync(run, deadline.Token);
            }
            catch (Exception ex) when (run.Reused && target.Definition.IsHttp && ProbeFailureMapper.IsSessionExpired(ex) && !ct.IsCancellationRequested)
            {
                // The server restarted and forgot our session: a new client, not an outage.
                logger.LogInformation("Session of server {ServerId} expired; re-creating the client", target.Id);
                await http.ForgetAsync(target.Id);
                run = new LadderRun(target) { SessionRecreated = true };
                return await RunAsync(run, deadline.Token);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A body over the limit surfaces from the SDK as "completed without a reply": name the real reason.
            return await FailAsync(run, limits.Breach ?? ex, deadline.IsCancellationRequested);
        }
    }

    private async Task<ProbeOutcome> RunAsync(LadderRun run, CancellationToken ct)
    {
        var client = await ConnectAsync(run, ct);
        var version = client.NegotiatedProtocolVersion;
        if (version is not null)
        {
            _versions[run.Target.Id] = version;
        }

        // Liveness: ping only where the negotiated revision has it; 2026-07-28 has none, tools/list stands in.
        IList<Tool>? tools = null;
        var capabilities = client.ServerCapabilities;
        run.Step = ProbeSteps.Liveness;
        if (HasPing(version))
        {
            await SendAsync(run.Target, "ping", () => client.PingAsync(cancellationToken: ct));
        }
        else
        {
            tools = await ListToolsAsync(client, run.Target, ct);
        }

        run.Mark(ProbeSteps.Liveness);
        run.Step = ProbeSteps.Catalog;
        tools ??= capabilities?.Tools is not null || HasPing(version) ? await ListToolsAsync(client, run.Target, ct) : [];
        var counts = await CountsAsync(run, client, capabilities, ct);
        var definitions = tools.Select(t => new ToolDefinition(t.Name, t.Description, t.InputSchema)).ToList();
        run.Mark(ProbeSteps.Catalog);

        var (healthJson, degradation) = await HealthAsync(run, client, counts.HasHealthResource, ct);
        if (!run.Target.Definition.IsHttp)
        {
            stdio.ReportAnswered(run.Target.Id);
        }

        var result = ProbeResult.Success(run.ServiceLatency, degradation);
        if (!run.Target.Definition.IsHttp)
        {
            result = result with { Restart = stdio.TakeRestart(run.Target.Id) };
        }

        return new ProbeOutcome(result)
        {
            Steps = run.Steps,
            ProtocolVersion = version,
            ServerInfoName = client.ServerInfo?.Name,
            ServerInfoVersion = client.ServerInfo?.Version,
            ToolCount = definitions.Count,
            ResourceCount = counts.Resources,
            PromptCount = counts.Prompts,
            CatalogHash = _hashes.Compute(run.Target.Id, definitions),
            Tools = definitions,
            HealthResourceJson = healthJson,
            ProcessId = run.ProcessId,
            SessionRecreated = run.SessionRecreated,
        };
    }

    private async Task<McpClient> ConnectAsync(LadderRun run, CancellationToken ct)
    {
        var target = run.Target;
        var startup = run.StartsProcess ? StdioStartupAllowance : TimeSpan.Zero;
        var options = new McpClientOptions
        {
            ProtocolVersion = _versions.GetValueOrDefault(target.Id),
            InitializationTimeout = target.Timeout() + startup,
            DiscoverProbeTimeout = TimeSpan.FromSeconds(Math.Min(5, target.Timeout().TotalSeconds / 2)) + startup / 2,
        };
        run.Step = ProbeSteps.Handshake;
        if (target.Definition.Transport == ServerTransport.Stdio)
        {
            var (client, pid, reused) = await stdio.GetClientAsync(target, options, ct);
            run.Reused = reused;
            run.ProcessId = pid;
            run.Mark(reused ? ProbeSteps.Transport : ProbeSteps.Handshake);
            return client;
        }

        if (http.TryGet(target) is { } cached)
        {
            run.Reused = true;
            run.Mark(ProbeSteps.Transport);
            return cached;
        }

        var created = await SendAsync(target, "initialize", () => http.CreateAsync(target, options, ct));
        run.Mark(ProbeSteps.Handshake);
        return created;
    }

    /// <summary>
    /// Resource and prompt counts (and whether health://status exists), listed on a new client and then at most every
    /// <see cref="CountsRefreshInterval"/>: they feed no health decision, so most probes skip those two requests.
    /// The tool list, which is the security-relevant part of the catalog, is read on every probe.
    /// </summary>
    private async Task<CatalogCounts> CountsAsync(LadderRun run, McpClient client, ServerCapabilities? capabilities, CancellationToken ct)
    {
        if (run.Reused && _counts.TryGetValue(run.Target.Id, out var cached) && Stopwatch.GetElapsedTime(cached.ListedAt) < CountsRefreshInterval)
        {
            return cached;
        }

        var resources = capabilities?.Resources is not null ? await ListResourcesAsync(client, run.Target, ct) : [];
        var prompts = capabilities?.Prompts is not null ? await CountPromptsAsync(client, run.Target, ct) : 0;
        var counts = new CatalogCounts(resources.Count, prompts, resources.Any(r => r.Uri == HealthResourceUri), Stopwatch.GetTimestamp());
        _counts[run.Target.Id] = counts;
        return counts;
    }

    private async Task<(string? Json, ProbeDegradation? Degradation)> HealthAsync(LadderRun run, McpClient client, bool hasHealthResource, CancellationToken ct)
    {
        string? json = null;
        ProbeDegradation? degradation = null;
        if (hasHealthResource)
        {
            run.Step = ProbeSteps.HealthResource;
            var read = await SendAsync(run.Target, "resources/read", () => client.ReadResourceAsync(HealthResourceUri, cancellationToken: ct));
            json = read.Contents.OfType<TextResourceContents>().FirstOrDefault()?.Text;
            if (TooLarge(json, "health://status") is { } tooLarge)
            {
                run.Mark(ProbeSteps.HealthResource);
                return (null, tooLarge);
            }

            McpRequestMetrics.ObserveHealthResource(run.Target.Definition.Name, json);
            reportedMemory?.Observe(run.Target.Id, json);
            degradation = HealthSignals.Parse(json);
            run.Mark(ProbeSteps.HealthResource);
        }

        if (run.Target.CheckHttpHealthEndpoints && run.Target.Definition.IsHttp && Uri.TryCreate(run.Target.Definition.Url, UriKind.Absolute, out var url))
        {
            run.Step = ProbeSteps.HttpHealth;
            // Also when the resource only said "not ready": that may be a standby's role, and /health may name a real fault.
            if (degradation is null or { Reason: DegradedReason.NotReady })
            {
                degradation = await HttpHealthAsync(new Uri(url.GetLeftPart(UriPartial.Authority)), ct) is { } fromHttp
                    && (degradation is null || fromHttp.Reason != DegradedReason.NotReady) ? fromHttp : degradation;
            }

            run.Mark(ProbeSteps.HttpHealth);
        }

        return (json, degradation);
    }

    private async Task<ProbeDegradation?> HttpHealthAsync(Uri origin, CancellationToken ct)
    {
        using (var health = await http.Http.GetAsync(new Uri(origin, "/health"), ct))
        {
            if (!health.IsSuccessStatusCode)
            {
                return new ProbeDegradation(DegradedReason.HealthResourceDegraded, $"GET /health {(int)health.StatusCode}");
            }

            string body;
            try
            {
                body = await health.Content.ReadAsStringAsync(_limits.MaxHealthBytes, "GET /health", ct);
            }
            catch (ResponseTooLargeException tooLarge)
            {
                return new ProbeDegradation(DegradedReason.HealthResourceDegraded, tooLarge.Message);
            }

            if (HealthSignals.Parse(body) is { } fromBody)
            {
                return fromBody;
            }
        }

        using var ready = await http.Http.GetAsync(new Uri(origin, "/ready"), ct);
        return ready.IsSuccessStatusCode ? null : new ProbeDegradation(DegradedReason.NotReady, $"GET /ready {(int)ready.StatusCode}");
    }

    /// <summary>A health report over the limit is a degradation with that reason; it is not parsed or stored.</summary>
    private ProbeDegradation? TooLarge(string? text, string what)
    {
        try
        {
            LimitedReads.EnsureWithin(text, _limits.MaxHealthBytes, what);
            return null;
        }
        catch (ResponseTooLargeException tooLarge)
        {
            return new ProbeDegradation(DegradedReason.HealthResourceDegraded, tooLarge.Message);
        }
    }

    private async Task<ProbeOutcome> FailAsync(LadderRun run, Exception ex, bool deadlineExpired)
    {
        var failure = ProbeFailureMapper.Map(ex, run.Target, run.Step, deadlineExpired);
        if (run.Target.Definition.IsHttp)
        {
            await http.ForgetAsync(run.Target.Id); // next probe starts clean
        }
        else
        {
            if (run.Reused && failure.Kind is ProbeFailureKind.TransportClosed or ProbeFailureKind.ProtocolError)
            {
                failure = await stdio.ReportTransportClosedAsync(run.Target, ex) ?? failure;
            }
            else if (run.Reused && failure.Kind == ProbeFailureKind.Timeout)
            {
                failure = await stdio.ReportUnansweredAsync(run.Target, failure);
            }

            failure = stdio.Explain(run.Target.Id, failure);
        }

        if (failure.Kind == ProbeFailureKind.ProtocolError && run.Step == ProbeSteps.Handshake)
        {
            _versions.TryRemove(run.Target.Id, out _); // a pinned version the server no longer speaks
        }

        run.Mark(run.Step);
        return new ProbeOutcome(ProbeResult.Failed(failure, run.Elapsed))
        {
            Steps = run.Steps,
            FailedStep = run.Step,
            ProcessId = run.ProcessId,
            ProtocolVersion = _versions.GetValueOrDefault(run.Target.Id),
        };
    }

    private static bool HasPing(string? version) => version is not null && string.CompareOrdinal(version, "2026-07-28") < 0;

    /// <summary>Sends one MCP request: timed and counted per server (the console's own requests, see ObservedRequests).</summary>
    private Task<T> SendAsync<T>(ProbeTarget target, string method, Func<ValueTask<T>> call)
    {
        observedRequests?.Count(target.Id, method);
        ResponseLimitScope.Current?.Request = method;
        return McpRequestMetrics.TimeAsync(target.Definition.Name, method, call);
    }

    private Task<T> SendAsync<T>(ProbeTarget target, string method, Func<Task<T>> call)
    {
        observedRequests?.Count(target.Id, method);
        ResponseLimitScope.Current?.Request = method;
        return McpRequestMetrics.TimeAsync(target.Definition.Name, method, call);
    }

    private async Task<IList<Tool>> ListToolsAsync(McpClient client, ProbeTarget server, CancellationToken ct)
    {
        var all = new List<Tool>();
        string? cursor = null;
        var size = new ListSize(_limits.MaxMessageBytes, "tools/list");
        do
        {
            var page = await SendAsync(server, "tools/list", () => client.ListToolsAsync(new ListToolsRequestParams { Cursor = cursor }, ct));
            foreach (var tool in page.Tools)
            {
                size.Add(tool.Name, tool.Description, tool.InputSchema, tool.OutputSchema);
            }

            all.AddRange(page.Tools);
            cursor = page.NextCursor;
        }
        while (cursor is not null && all.Count < 10_000);
        return all;
    }

    private async Task<IList<Resource>> ListResourcesAsync(McpClient client, ProbeTarget server, CancellationToken ct)
    {
        var all = new List<Resource>();
        string? cursor = null;
        var size = new ListSize(_limits.MaxMessageBytes, "resources/list");
        do
        {
            var page = await SendAsync(server, "resources/list", () => client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }, ct));
            foreach (var resource in page.Resources)
            {
                size.Add(resource.Uri, resource.Name, resource.Description);
            }

            all.AddRange(page.Resources);
            cursor = page.NextCursor;
        }
        while (cursor is not null && all.Count < 10_000);
        return all;
    }

    private async Task<int> CountPromptsAsync(McpClient client, ProbeTarget server, CancellationToken ct)
    {
        var count = 0;
        string? cursor = null;
        var size = new ListSize(_limits.MaxMessageBytes, "prompts/list");
        do
        {
            var page = await SendAsync(server, "prompts/list", () => client.ListPromptsAsync(new ListPromptsRequestParams { Cursor = cursor }, ct));
            count += page.Prompts.Count;
            foreach (var prompt in page.Prompts)
            {
                size.Add(prompt.Name, prompt.Description);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null && count < 10_000);
        return count;
    }

    private sealed record CatalogCounts(int Resources, int Prompts, bool HasHealthResource, long ListedAt);

    /// <summary>Timing state of one pass through the ladder.</summary>
    private sealed class LadderRun(ProbeTarget target)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _stepStarted = Stopwatch.GetTimestamp();

        public ProbeTarget Target { get; } = target;
        public Dictionary<string, double> Steps { get; } = [];
        public string Step { get; set; } = ProbeSteps.Transport;
        public bool Reused { get; set; }
        public bool SessionRecreated { get; init; }
        public bool StartsProcess { get; init; }
        public int? ProcessId { get; set; }
        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        /// <summary>A copy of the step timings, safe while the ladder may still be writing them.</summary>
        public Dictionary<string, double> StepsSnapshot()
        {
            lock (Steps)
            {
                return new Dictionary<string, double>(Steps);
            }
        }

        /// <summary>
        /// What the server's answers took: on a new connection, starting the process and the handshake are left out,
        /// so a server is not called slow for its start-up (the step timings still show it).
        /// </summary>
        public TimeSpan ServiceLatency => Reused
            ? Elapsed
            : Elapsed - TimeSpan.FromMilliseconds(Steps.GetValueOrDefault(ProbeSteps.Transport) + Steps.GetValueOrDefault(ProbeSteps.Handshake));

        public void Mark(string step)
        {
            var now = Stopwatch.GetTimestamp();
            lock (Steps)
            {
                Steps[step] = Math.Round(Stopwatch.GetElapsedTime(_stepStarted, now).TotalMilliseconds, 2);
            }

            _stepStarted = now;
        }
    }
}
