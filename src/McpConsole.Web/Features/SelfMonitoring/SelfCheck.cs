namespace McpConsole.Web.Features.SelfMonitoring;

/// <summary>One thing the console checks about itself. <see cref="Kind"/> is its alert kind (AlertKinds.Console*).</summary>
public interface ISelfCheck
{
    string Kind { get; }

    Task<SelfCheckResult> RunAsync(DateTimeOffset now, CancellationToken ct);
}

/// <summary>
/// What a self-check found, in an operator's words: <see cref="Problem"/> says what is wrong, <see cref="Action"/> what to do.
/// A passing check has neither.
/// </summary>
public sealed record SelfCheckResult(string Kind, bool Failing, string Problem = "", string Action = "")
{
    public static SelfCheckResult Pass(string kind) => new(kind, false);
}

/// <summary>A check's result as the console shows it: with the time it started failing.</summary>
public sealed record SelfCheckState(string Kind, bool Failing, string Problem, string Action, DateTimeOffset? Since);
