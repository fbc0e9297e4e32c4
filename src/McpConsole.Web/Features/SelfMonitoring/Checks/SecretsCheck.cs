using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.DataProtection;

namespace McpConsole.Web.Features.SelfMonitoring.Checks;

/// <summary>Servers whose stored definition cannot be decrypted: one console-level alert instead of one per server.</summary>
public sealed class SecretsCheck(ProbeScheduler scheduler) : ISelfCheck
{
    public string Kind => AlertKinds.ConsoleSecretsUndecryptable;

    public Task<SelfCheckResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var count = scheduler.UnreadableDefinitions;
        if (count == 0)
            return Task.FromResult(SelfCheckResult.Pass(Kind));

        return Task.FromResult(new SelfCheckResult(Kind, true,
            $"{count} server{(count == 1 ? "" : "s")} cannot be probed: {(count == 1 ? "its" : "their")} stored secrets cannot be decrypted (Misconfigured).",
            $"The console runs with a different master key than the one that encrypted them. Restore the original {KeyRingProtection.KeyFileName} " +
            $"in the data directory or set {KeyRingProtection.EnvironmentVariable} to the original master key, then restart."));
    }
}
