using System.Diagnostics;
using McpConsole.Core.Health;
using McpConsole.Probing.Tests.Infrastructure;
using McpConsole.Web.Features.Probing;

namespace McpConsole.Probing.Tests;

/// <summary>
/// The fault matrix: each fault against a real process or socket, with the state it leads to (Core state machine,
/// default thresholds: Down after 3 failures) and the reason, within a stated time per probe.
/// </summary>
public sealed class FaultMatrixTests : IAsyncLifetime
{
    private readonly LadderHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await TestRun.AssertNoSurvivorsAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<(ProbeOutcome Outcome, TimeSpan Took)> ProbeAsync(Web.Features.Fleet.ProbeTarget target)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await _harness.Ladder.ProbeAsync(target, TestRun.Deadline());
        return (outcome, Stopwatch.GetElapsedTime(started));
    }

    [Fact]
    public async Task Probe_StdioProcessCrashesMidSession_DownWithExitCodeAndStderrWithinOneProbe()
    {
        var target = Targets.SampleStdio("crash", "--fault-crash-exit-code", "3", "--fault-crash-after-ms", "2500");
        var (first, _) = await ProbeAsync(target);
        Assert.True(first.Succeeded, first.Result.Failure?.Describe());
        using (var process = Process.GetProcessById(first.ProcessId!.Value))
        {
            await process.WaitForExitAsync(TestRun.Deadline(20));
        }

        var (crashed, took) = await ProbeAsync(target);
        Assert.True(crashed.Result.Failure?.Kind == ProbeFailureKind.TransportClosed, crashed.Result.Failure?.Describe());
        Assert.Equal(3, crashed.Result.Failure?.ExitCode);
        Assert.True(took < TimeSpan.FromSeconds(3), $"took {took}");
        var status = Health.AfterThree(crashed);
        Assert.Equal(HealthState.Down, status.State);
        Assert.Contains("process exited with code 3", status.Reason);
        Assert.Contains("McpServer", crashed.Result.Failure!.StderrTail); // the stderr tail of the process
    }

    [Fact]
    public async Task Probe_StdioProcessKilled_TransportClosedThenRestartedWithBackoff()
    {
        var target = Targets.SampleStdio("killed");
        var (first, _) = await ProbeAsync(target);
        Assert.True(first.Succeeded, first.Result.Failure?.Describe());
        var exited = new TaskCompletionSource<StdioExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Supervisor.Exited += exit => exited.TrySetResult(exit);
        var killedAt = Stopwatch.GetTimestamp();
        ProcessTable.KillTree(first.ProcessId!.Value);

        // The supervisor sees the exit itself (no probe needed) and schedules the restart after its back-off (2 s here).
        var exit = await exited.Task.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.True(Stopwatch.GetElapsedTime(killedAt) < TimeSpan.FromSeconds(1), $"exit seen after {Stopwatch.GetElapsedTime(killedAt)}");
        Assert.Equal(ProbeFailureKind.TransportClosed, exit.Failure.Kind);
        Assert.Equal(137, exit.Failure.ExitCode ?? 137); // SIGKILL, when the runtime reports it
        Assert.Equal(1, exit.Attempt);
        Assert.False(_harness.Supervisor.IsRunning(target.Id));

        // The restart comes with the next probe after the back-off: a new process, healthy again, saying why it restarted.
        await Task.Delay(exit.RestartAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100) is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        var (restarted, _) = await ProbeAsync(target);
        Assert.True(restarted.Succeeded, restarted.Result.Failure?.Describe());
        Assert.NotEqual(first.ProcessId, restarted.ProcessId);
        Assert.Equal(exit.Failure.ExitCode is { } code ? $"restarted after exit code {code} (attempt 1)" : "restarted after the process exited (attempt 1)",
            restarted.Result.Restart?.Describe());
    }

    [Fact]
    public async Task Probe_StdioProcessThatFreezes_EndedAndRestartedAfterThreeUnansweredProbes()
    {
        var target = Targets.Stdio("dotnet", [TestRun.ServerDll, "--stdio", "--name", TestRun.Name("frozen"), "--fault-hang-after-ms", "6000"], timeoutSeconds: 2);
        var (first, _) = await ProbeAsync(target);
        Assert.True(first.Succeeded, first.Result.Failure?.Describe());
        var frozenPid = first.ProcessId!.Value;
        await Task.Delay(6000);

        for (var i = 1; i < StdioSupervisor.HungAfterTimeouts; i++)
        {
            var (unanswered, _) = await ProbeAsync(target);
            Assert.Equal(ProbeFailureKind.Timeout, unanswered.Result.Failure?.Kind);
            Assert.Equal(frozenPid, _harness.Supervisor.RunningProcesses[target.Id]); // one missed answer is not a hang yet
        }

        var (hung, _) = await ProbeAsync(target);
        Assert.Contains($"no answer {StdioSupervisor.HungAfterTimeouts} times in a row, process ended and restarted", hung.Result.Failure?.Describe());
        Assert.False(_harness.Supervisor.RunningProcesses.ContainsKey(target.Id));
        Assert.False(ProcessTable.IsAlive(frozenPid), "the frozen process was not ended");

        await Task.Delay(2500); // the harness's restart back-off is 2 s (long enough that a probe right after an exit sees it)
        var (restarted, _) = await ProbeAsync(target);
        Assert.True(restarted.Succeeded, restarted.Result.Failure?.Describe());
        Assert.NotEqual(frozenPid, restarted.ProcessId);
    }

    [Fact]
    public async Task Probe_ServerThatNeverAnswers_TimesOutWithinTimeoutAndGoesDown()
    {
        await using var server = await SampleHttp.StartAsync("hang", 0, "--fault-hang");
        var (outcome, took) = await ProbeAsync(Targets.Http(server.Mcp, timeoutSeconds: 2));
        Assert.Equal(ProbeFailureKind.Timeout, outcome.Result.Failure?.Kind);
        Assert.True(took < TimeSpan.FromSeconds(3.5), $"took {took}");
        var status = Health.AfterThree(outcome);
        Assert.Equal(HealthState.Down, status.State);
        Assert.Contains("timed out", status.Reason);
    }

    [Fact]
    public async Task Probe_SlowBeyondTimeout_TimesOut()
    {
        await using var server = await SampleHttp.StartAsync("slow", 0, "--fault-latency-ms", "8000");
        var (outcome, took) = await ProbeAsync(Targets.Http(server.Mcp, timeoutSeconds: 2));
        Assert.Equal(ProbeFailureKind.Timeout, outcome.Result.Failure?.Kind);
        Assert.True(took < TimeSpan.FromSeconds(4), $"took {took}"); // the timeout, not the server's 8 s
        Assert.Equal(HealthState.Down, Health.AfterThree(outcome).State);
    }

    [Fact]
    public async Task Probe_SlowBelowTimeoutAboveThreshold_Degraded()
    {
        await using var server = await SampleHttp.StartAsync("slowish", 0, "--fault-latency-ms", "150");
        var (outcome, _) = await ProbeAsync(Targets.Http(server.Mcp, timeoutSeconds: 10, slowMs: 100));
        Assert.True(outcome.Succeeded);
        var machine = new HealthStateMachine(new HealthThresholds { SlowThresholdMs = 100 });
        var status = machine.Next(HealthStatus.Initial, outcome.Result, DateTimeOffset.UtcNow).Status;
        Assert.Equal(HealthState.Degraded, status.State);
        Assert.StartsWith("slow", status.Reason);
    }

    [Fact]
    public async Task Probe_GarbageOnStdout_FailsWithinTimeoutAndLeavesNoProcess()
    {
        var target = Targets.Stdio("sh", ["-c", "echo garbage; echo '{not json'; sleep 60", TestRun.Marker], timeoutSeconds: 2);
        var (outcome, took) = await ProbeAsync(target);
        Assert.False(outcome.Succeeded);
        Assert.Equal(ProbeFailureKind.ProtocolError, outcome.Result.Failure!.Kind);
        Assert.StartsWith("protocol error: 2 line(s) on stdout that are not JSON-RPC", outcome.Result.Failure.Describe());
        // A starting stdio server gets its timeout plus the start-up allowance before it is called hung.
        Assert.True(took < TimeSpan.FromSeconds(3.5) + _harness.Ladder.StdioStartupAllowance, $"took {took}");
        Assert.Equal(HealthState.Down, Health.AfterThree(outcome).State);
    }

    [Fact]
    public async Task Probe_CommandNotFound_MisconfiguredAtOnce()
    {
        var (outcome, took) = await ProbeAsync(Targets.Stdio("/nonexistent/" + TestRun.Marker + "-mcp", []));
        Assert.Equal(ProbeFailureKind.CommandNotFound, outcome.Result.Failure?.Kind);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        var status = Health.After(outcome);
        Assert.Equal(HealthState.Misconfigured, status.State);
        Assert.Contains("command not found", status.Reason);
    }

    [Fact]
    public async Task Probe_Http500_DownWithStatusCode()
    {
        await using var endpoint = await StatusEndpoint.StartAsync(500);
        var (outcome, took) = await ProbeAsync(Targets.Http(endpoint.Url, timeoutSeconds: 5));
        Assert.Equal(ProbeFailureKind.HttpStatus, outcome.Result.Failure?.Kind);
        Assert.Equal(500, outcome.Result.Failure?.HttpStatusCode);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        var status = Health.AfterThree(outcome);
        Assert.Equal(HealthState.Down, status.State);
        Assert.Contains("HTTP 500", status.Reason);
    }

    [Fact]
    public async Task Probe_Http401_UnauthorizedAtOnce()
    {
        await using var endpoint = await StatusEndpoint.StartAsync(401);
        var (outcome, took) = await ProbeAsync(Targets.Http(endpoint.Url, timeoutSeconds: 5));
        Assert.Equal(ProbeFailureKind.Unauthorized, outcome.Result.Failure?.Kind);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        var status = Health.After(outcome);
        Assert.Equal(HealthState.Unauthorized, status.State);
        Assert.Contains("401", status.Reason);
    }

    [Fact]
    public async Task Probe_ConnectionRefused_DownWithEndpoint()
    {
        var port = TestRun.FreePort();
        var (outcome, took) = await ProbeAsync(Targets.Http($"http://127.0.0.1:{port}/mcp", timeoutSeconds: 5));
        Assert.Equal(ProbeFailureKind.ConnectionRefused, outcome.Result.Failure?.Kind);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        var status = Health.AfterThree(outcome);
        Assert.Equal(HealthState.Down, status.State);
        Assert.Contains($"connection refused (http://127.0.0.1:{port}/mcp)", status.Reason);
    }

    [Fact]
    public async Task Probe_BadUrl_MisconfiguredAtOnce()
    {
        var (outcome, _) = await ProbeAsync(Targets.Http("ftp://127.0.0.1/mcp"));
        Assert.Equal(HealthState.Misconfigured, Health.After(outcome).State);
    }

    [Fact]
    public async Task Probe_ToolCatalogDrift_HashChangesWithAddedAndChangedTools()
    {
        await using var server = await SampleHttp.StartAsync("drift");
        var target = Targets.Http(server.Mcp);
        var (before, _) = await ProbeAsync(target);
        await server.SetFaultsAsync("{\"catalogDrift\":true}");
        var (after, _) = await ProbeAsync(target);

        Assert.NotEqual(before.CatalogHash, after.CatalogHash);
        var diff = McpConsole.Core.Catalog.CatalogDiff.Compute(before.Tools!, after.Tools!);
        Assert.Equal("tool catalog changed: +drift_probe ~echo (Description)", CatalogTracker.Describe(diff));
    }

    [Fact]
    public async Task Probe_SessionExpiredAfterServerRestart_ClientRecreatedNotAnOutage()
    {
        var port = TestRun.FreePort();
        var server = await SampleHttp.StartAsync("restart", port);
        var target = Targets.Http(server.Mcp);
        _harness.Ladder.PinProtocolVersion(target.Id, "2025-11-25"); // a revision with HTTP sessions
        var (first, _) = await ProbeAsync(target);
        Assert.True(first.Succeeded, first.Result.Failure?.Describe());
        Assert.Equal("2025-11-25", first.ProtocolVersion);

        await server.DisposeAsync();
        await using var restarted = await SampleHttp.StartAsync("restart", port);
        var (second, _) = await ProbeAsync(target);
        Assert.True(second.Succeeded, second.Result.Failure?.Describe());
        Assert.True(second.SessionRecreated);
    }
}
