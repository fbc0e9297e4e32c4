using McpConsole.Core.Health;
using McpConsole.Web.Features.Probing;

namespace McpConsole.Probing.Tests.Infrastructure;

/// <summary>Feeds probe outcomes through the Core state machine as the scheduler does (defaults: Down after 3).</summary>
public static class Health
{
    public static HealthStatus After(params ProbeOutcome[] outcomes)
    {
        var machine = new HealthStateMachine();
        var status = HealthStatus.Initial;
        foreach (var outcome in outcomes)
        {
            status = machine.Next(status, outcome.Result, DateTimeOffset.UtcNow).Status;
        }

        return status;
    }

    /// <summary>The state after the same outcome three times in a row (the default Down threshold).</summary>
    public static HealthStatus AfterThree(ProbeOutcome outcome) => After(outcome, outcome, outcome);
}
