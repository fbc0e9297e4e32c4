using McpConsole.Core.Fleet;
using McpConsole.Core.Health;
using McpConsole.Probing.Tests.Infrastructure;

namespace McpConsole.Probing.Tests;

/// <summary>The probe ladder against real servers: the sample server and npm's server-everything, over every transport.</summary>
public sealed class RealServerProbeTests : IAsyncLifetime
{
    private readonly LadderHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Probe_SampleServerStreamableHttp_HealthyWithCatalogCountsAndNoPingOn2026()
    {
        await using var server = await SampleHttp.StartAsync("http");
        var target = Targets.Http(server.Mcp);
        var outcome = await _harness.Ladder.ProbeAsync(target, TestRun.Deadline());

        Assert.True(outcome.Succeeded, outcome.Result.Failure?.Describe());
        Assert.Equal("2026-07-28", outcome.ProtocolVersion); // no ping in this revision: tools/list was the liveness call
        Assert.Equal(4, outcome.ToolCount);
        Assert.Equal(2, outcome.ResourceCount);
        Assert.Equal(1, outcome.PromptCount);
        Assert.Equal(64, outcome.CatalogHash!.Length);
        Assert.Contains("liveness", outcome.Steps.Keys);
        Assert.Contains("catalog", outcome.Steps.Keys);
        Assert.Contains("healthResource", outcome.Steps.Keys);
        Assert.Contains(TestRun.Marker, outcome.ServerInfoName);
    }

    [Fact]
    public async Task Probe_Protocol20260728ServerWithoutPing_StaysHealthyOverRepeatedProbes()
    {
        await using var server = await SampleHttp.StartAsync("noping");
        var target = Targets.Http(server.Mcp);
        var outcomes = new List<Web.Features.Probing.ProbeOutcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add(await _harness.Ladder.ProbeAsync(target, TestRun.Deadline()));
        }

        Assert.All(outcomes, o => Assert.Equal("2026-07-28", o.ProtocolVersion));
        Assert.Equal(HealthState.Healthy, Health.After([.. outcomes]).State);
        Assert.Contains("transport", outcomes[^1].Steps.Keys); // reused client: no new handshake
        Assert.DoesNotContain("handshake", outcomes[^1].Steps.Keys);
    }

    [Fact]
    public async Task Probe_SampleServerSse_NegotiatesPingCapableVersionAndPinsIt()
    {
        await using var server = await SampleHttp.StartAsync("sse");
        var target = Targets.Http(server.Sse, ServerTransport.Sse);
        var first = await _harness.Ladder.ProbeAsync(target, TestRun.Deadline());
        Assert.True(first.Succeeded, first.Result.Failure?.Describe());
        Assert.Equal("2025-11-25", first.ProtocolVersion);
        Assert.Equal("2025-11-25", _harness.Ladder.KnownProtocolVersion(target.Id));

        // A new connection with the pinned version skips the server/discover probe entirely.
        await _harness.Http.ForgetAsync(target.Id);
        var second = await _harness.Ladder.ProbeAsync(target, TestRun.Deadline());
        Assert.True(second.Succeeded, second.Result.Failure?.Describe());
        Assert.True(second.Steps["handshake"] < 2000, $"pinned handshake took {second.Steps["handshake"]} ms");
    }

    [Fact]
    public async Task Probe_SampleServerStdio_HealthyAndProcessTracked()
    {
        var target = Targets.SampleStdio("stdio");
        var outcome = await _harness.Ladder.ProbeAsync(target, TestRun.Deadline());
        Assert.True(outcome.Succeeded, outcome.Result.Failure?.Describe());
        Assert.Equal(4, outcome.ToolCount);
        Assert.NotNull(outcome.ProcessId);
        Assert.Contains(TestRun.Marker, string.Join(' ', Web.Features.Probing.ProcessTable.CommandLine(outcome.ProcessId!.Value)!));

        var again = await _harness.Ladder.ProbeAsync(target, TestRun.Deadline());
        Assert.Equal(outcome.ProcessId, again.ProcessId); // one long-lived process, reused
        Assert.Contains($"\"Pid\":{outcome.ProcessId}", File.ReadAllText(_harness.PidFile.Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_SampleServerDegradedDependency_DegradedWithDependencyName()
    {
        await using var server = await SampleHttp.StartAsync("deps", 0, "--fault-failing-dependency", "database");
        var outcome = await _harness.Ladder.ProbeAsync(Targets.Http(server.Mcp), TestRun.Deadline());
        var status = Health.After(outcome);
        Assert.Equal(HealthState.Degraded, status.State);
        Assert.Contains("dependency down: database", status.Reason);
    }

    [Fact]
    public async Task Probe_StandbyWithHttpHealthChecks_DegradedNotReady()
    {
        await using var server = await SampleHttp.StartAsync("standby", 0, "--role", "standby");
        var outcome = await _harness.Ladder.ProbeAsync(Targets.Http(server.Mcp, checkHealth: true), TestRun.Deadline());
        var status = Health.After(outcome);
        Assert.Equal(HealthState.Degraded, status.State);
        Assert.Contains("not ready", status.Reason);
    }

    [Theory]
    [InlineData("streamableHttp")]
    [InlineData("sse")]
    public async Task Probe_ServerEverythingOverHttp_HealthyWithTools(string mode)
    {
        var (process, port) = await Everything.StartHttpAsync(mode);
        try
        {
            var target = mode == "sse"
                ? Targets.Http($"http://127.0.0.1:{port}/sse", ServerTransport.Sse)
                : Targets.Http($"http://127.0.0.1:{port}/mcp");
            var outcome = await _harness.Ladder.ProbeAsync(target, TestRun.Deadline());
            Assert.True(outcome.Succeeded, outcome.Result.Failure?.Describe());
            Assert.True(outcome.ToolCount > 3, $"tools: {outcome.ToolCount}");
            Assert.NotNull(outcome.ProtocolVersion);
            Assert.Equal(HealthState.Healthy, Health.After(outcome).State);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Probe_ServerEverythingOverStdio_HealthyWithToolsResourcesPrompts()
    {
        var entry = await Everything.EnsureInstalledAsync();
        var target = Targets.Stdio("node", [entry, "stdio", "--" + TestRun.Marker], timeoutSeconds: 30);
        var outcome = await _harness.Ladder.ProbeAsync(target, TestRun.Deadline());
        Assert.True(outcome.Succeeded, outcome.Result.Failure?.Describe());
        Assert.True(outcome.ToolCount > 3);
        Assert.True(outcome.ResourceCount > 0);
        Assert.True(outcome.PromptCount > 0);
        Assert.NotNull(outcome.ProcessId);
    }
}
