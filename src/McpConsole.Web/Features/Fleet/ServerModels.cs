using McpConsole.Core.Fleet;

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
    public ServerSummary ForViewer() => Transport == ServerTransport.Stdio ? this : this with { Endpoint = UrlRedaction.Redact(Endpoint) };
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
