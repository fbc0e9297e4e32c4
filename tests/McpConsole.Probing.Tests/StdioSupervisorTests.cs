using McpConsole.Probing.Tests.Infrastructure;
using McpConsole.Web.Features.Probing;

namespace McpConsole.Probing.Tests;

public sealed class StdioSupervisorTests
{
    [Fact]
    public async Task Dispose_EndsEveryStdioProcessTree()
    {
        var harness = new LadderHarness();
        var pids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var outcome = await harness.Ladder.ProbeAsync(Targets.SampleStdio("tree-" + i), TestRun.Deadline());
            Assert.True(outcome.Succeeded, outcome.Result.Failure?.Describe());
            pids.Add(outcome.ProcessId!.Value);
        }

        await harness.DisposeAsync();
        Assert.All(pids, pid => Assert.False(ProcessTable.IsAlive(pid), $"{pid} survived"));
        await TestRun.AssertNoSurvivorsAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Start_EndsProcessesLeftByAPreviousRunFromThePidFile()
    {
        var crashed = new LadderHarness();
        var outcome = await crashed.Ladder.ProbeAsync(Targets.SampleStdio("orphan"), TestRun.Deadline());
        var pid = outcome.ProcessId!.Value;
        crashed.Abandon(); // the console died: nothing was stopped, the PID file remains

        await using var next = new LadderHarness(crashed.DataPath);
        Assert.Equal(1, next.Supervisor.EndPreviousRun());
        for (var i = 0; i < 50 && ProcessTable.IsAlive(pid); i++)
        {
            await Task.Delay(100);
        }

        Assert.False(ProcessTable.IsAlive(pid));
        await crashed.Supervisor.DisposeAsync(); // its client only; the process is already gone
    }
}
