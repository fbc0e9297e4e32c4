using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Probing;

namespace McpConsole.Web.Features.SelfMonitoring.Checks;

/// <summary>The probe result writer failing: its writes fail and nothing has been written since.</summary>
public sealed class WriterCheck(ProbeResultWriter writer) : ISelfCheck
{
    public string Kind => AlertKinds.ConsoleWriterFailing;

    public Task<SelfCheckResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (writer.FailingSince is not { } since)
            return Task.FromResult(SelfCheckResult.Pass(Kind));

        return Task.FromResult(new SelfCheckResult(Kind, true,
            $"Probe results cannot be stored since {since:HH:mm:ss} UTC ({writer.FailedAttempts} failed writes). {writer.QueueDepth} results wait in memory " +
            $"(room for {writer.Capacity}); {writer.Dropped} have been dropped since start.",
            "Check free disk space and the database (the console log says why writes fail). Results are written again as soon as the database accepts them."));
    }
}
