using McpConsole.Core.Fleet;
using McpConsole.Core.Health;

namespace McpConsole.Web.Features.Fleet;

/// <summary>
/// What a client sends to create (POST) or replace (PUT) a server. On create, omitted settings take their defaults;
/// on update, omitted (null) fields keep their current value. An environment or header value (or argument) of
/// "&lt;redacted&gt;" keeps the stored secret, so a GET response can be sent back unchanged; but secrets belong to
/// their origin (<see cref="ServerOrigin"/>): a new URL origin or stdio command drops those not entered again.
/// </summary>
public sealed record ServerInput
{
    public string? Name { get; init; }
    public ServerTransport? Transport { get; init; }
    public string? Command { get; init; }
    public IReadOnlyList<string>? Arguments { get; init; }

    /// <summary>Indexes (from 0) of arguments that are secrets; arguments with <c>scheme://user:password@</c> are secret anyway.</summary>
    public IReadOnlyList<int>? SecretArguments { get; init; }

    /// <summary>Names of the console's environment variables the stdio process gets (Admin only; the console's own settings never).</summary>
    public IReadOnlyList<string>? PassThroughEnvironment { get; init; }
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
    public string? WorkingDirectory { get; init; }
    public string? Url { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public string? Group { get; init; }
    public string? Location { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public double? CpuCores { get; init; }
    public int? MemoryMb { get; init; }
    public int? ProbeIntervalSeconds { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? SlowThresholdMs { get; init; }
    public bool? CheckHttpHealthEndpoints { get; init; }

    /// <summary>HTTP servers: where their Prometheus metrics are when not at {origin}/metrics; "" clears it.</summary>
    public string? MetricsUrl { get; init; }
    public bool? Enabled { get; init; }
}

/// <summary>
/// One server as the API and pages show it: secrets are always "&lt;redacted&gt;"; for Viewers also the URLs'
/// user-info and query strings (<see cref="ForViewer"/>).
/// </summary>
public sealed record ServerView(
    int Id,
    string Name,
    ServerTransport Transport,
    string? Command,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string? WorkingDirectory,
    string? Url,
    IReadOnlyDictionary<string, string> Headers,
    string? Group,
    string? Location,
    IReadOnlyList<string> Tags,
    double? CpuCores,
    int? MemoryMb,
    int ProbeIntervalSeconds,
    int TimeoutSeconds,
    int SlowThresholdMs,
    bool CheckHttpHealthEndpoints,
    string? MetricsUrl,
    bool Enabled,
    bool IsDemo,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public IReadOnlyList<int> SecretArguments { get; init; } = [];
    public IReadOnlyList<string> PassThroughEnvironment { get; init; } = [];

    /// <summary>Set on the answer to a change that moved the server: the stored secrets it dropped (enter them again).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? DroppedSecrets { get; init; }

    public ServerView ForViewer() => this with { Url = UrlRedaction.Redact(Url), MetricsUrl = UrlRedaction.Redact(MetricsUrl) };
}

/// <summary>A row of the servers list: the registry entry joined with its latest probe status.</summary>
public sealed record ServerSummary(
    int Id,
    string Name,
    ServerTransport Transport,
    string? Endpoint,
    string State,
    string? StateReason,
    DateTimeOffset? LastCheckedAt,
    double? LatencyMs,
    string? ProtocolVersion,
    int? ToolCount,
    int? ResourceCount,
    int? PromptCount,
    string? CatalogHash,
    double? UptimePercent24h,
    string? Group,
    string? Location,
    IReadOnlyList<string> Tags,
    bool Enabled)
{
    /// <summary>Seconds since the state's last result (never negative); null when never checked.</summary>
    public double? AgeSeconds { get; init; }

    /// <summary>True when the last result is older than interval x 2 + timeout: <see cref="State"/> is then Unknown ("no result since ...").</summary>
    public bool Stale { get; init; }

    /// <summary>The stored state and reason behind a stale Unknown (the same as State and StateReason when fresh).</summary>
    public string? LastKnownState { get; init; }
    public string? LastKnownReason { get; init; }

    /// <summary>Share of the last 24 h without a result (gaps longer than the stale threshold); uptime never counts it.</summary>
    public double? UnknownPercent24h { get; init; }

    /// <summary>What the state was judged from, so a page can judge it again as time passes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public StoredState? Stored { get; init; }

    public ServerSummary ForViewer() => Transport == ServerTransport.Stdio ? this : this with { Endpoint = UrlRedaction.Redact(Endpoint) };

    /// <summary>This row judged at <paramref name="now"/> from <paramref name="stored"/> (the one rule: <see cref="StateFreshness"/>).</summary>
    public ServerSummary JudgedAt(StoredState stored, DateTimeOffset now)
    {
        var effective = StateFreshness.Evaluate(stored, now);
        return this with
        {
            Stored = stored, State = effective.State, StateReason = effective.Reason, LastCheckedAt = effective.LastCheckedAt,
            AgeSeconds = effective.Age is { } age ? Math.Round(age.TotalSeconds, 1) : null, Stale = effective.Stale,
            LastKnownState = effective.LastKnownState, LastKnownReason = effective.LastKnownReason,
        };
    }
}

/// <summary>
/// What the probe engine needs for one server, secrets in clear. Never serialise or log it. <paramref name="LoadError"/>
/// says why the stored definition could not be loaded (secrets undecryptable, a field unreadable): the definition then
/// holds what could be read, without secrets, and the server is reported Misconfigured instead of being probed.
/// </summary>
public sealed record ProbeTarget(int Id, ServerDefinition Definition, int SlowThresholdMs, bool CheckHttpHealthEndpoints, string? LoadError = null)
{
    public override string ToString() => $"ProbeTarget {{ Id = {Id}, Name = {Definition.Name} }}";
}

/// <summary>Who is changing the registry, as the service sees it (role checks happen in the service).</summary>
public sealed record RegistryActor(string Name, bool IsAdmin, bool IsOperator, string? RemoteAddress = null)
{
    public static RegistryActor From(System.Security.Claims.ClaimsPrincipal user, string? remoteAddress = null) => new(
        Accounts.ConsoleClaims.ActorName(user),
        Accounts.ConsoleClaims.HasRoleAtLeast(user, Accounts.ConsoleRole.Admin),
        Accounts.ConsoleClaims.HasRoleAtLeast(user, Accounts.ConsoleRole.Operator),
        remoteAddress);
}
