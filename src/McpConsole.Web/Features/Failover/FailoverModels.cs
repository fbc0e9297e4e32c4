namespace McpConsole.Web.Features.Failover;

/// <summary>Create (all fields needed but the policy's, which default) or change (null keeps the value) a group.</summary>
public sealed record FailoverGroupInput
{
    public string? Name { get; init; }
    public int? PrimaryServerId { get; init; }
    public IReadOnlyList<int>? StandbyServerIds { get; init; }
    public int? CheckIntervalSeconds { get; init; }
    public int? FailuresBeforeFailover { get; init; }
    public int? TimeoutMs { get; init; }
    public bool? AutomaticFailback { get; init; }
    public int? StableChecksBeforeEligible { get; init; }
    public string? WebhookUrl { get; init; }
    public bool? Enabled { get; init; }
}

/// <summary>The server load balancers and clients should use now.</summary>
public sealed record ActiveServerView(int Id, string Name, string? Endpoint, string? Origin);

public sealed record FailoverMemberView(
    int ServerId, string Name, string Role, bool Preferred, bool Healthy, bool AwaitingFencing, string? Endpoint,
    string? LastError, DateTimeOffset? LastCheckedAt);

public sealed record FailoverPolicyView(int CheckIntervalSeconds, int FailuresBeforeFailover, int TimeoutMs, bool AutomaticFailback, int StableChecksBeforeEligible);

public sealed record FailoverGroupView(
    int Id, string Name, string State, DateTimeOffset StateSince, long Epoch, ActiveServerView? Active, int PreferredPrimaryId,
    IReadOnlyList<FailoverMemberView> Members, FailoverPolicyView Policy, string? WebhookUrl, bool Enabled, DateTimeOffset? LastCheckedAt,
    TransitionCommandView? TransitionCommand = null);

/// <summary>The program run on each transition, its arguments (one each, no shell) and timeout.</summary>
public sealed record TransitionCommandView(string Program, IReadOnlyList<string> Arguments, int TimeoutSeconds);

/// <summary>Sets the transition command (Admin). Arguments default to none, the timeout to 30 s.</summary>
public sealed record TransitionCommandInput(string? Program, IReadOnlyList<string>? Arguments, int? TimeoutSeconds);

public sealed record FailoverEventView(
    long Id, DateTimeOffset At, string Kind, long Epoch, int? ServerId, string? ServerName, string Trigger, string Message, bool Critical);

public enum GroupOutcome { Ok, NotFound, Invalid, Conflict }

public sealed record GroupResult<T>(GroupOutcome Outcome, T? Value = default, string? Message = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Outcome == GroupOutcome.Ok;
}
