using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;

namespace McpConsole.Web.Features.Failover;

/// <summary>The result of one fresh check of one member.</summary>
/// <param name="Healthy">The MCP liveness call succeeded and GET /role answered.</param>
/// <param name="Role">What the server's own GET /role said ("primary", "standby"), null when it did not answer.</param>
public sealed record MemberCheck(int ServerId, bool Healthy, string? Error, Uri? Origin, string? Role = null, long? RoleEpoch = null)
{
    public bool ClaimsPrimary => string.Equals(Role, "primary", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Fresh checks through probing's ladder (the same MCP liveness call the fleet view uses) under the group's timeout,
/// so a failover decision never rests on a probe that is 30 s old; plus the server's own GET /role, so a server that
/// restarted with another role than the console gave it is noticed.
/// </summary>
public sealed class MemberChecks(ServerRegistry registry, ProbeLadder ladder, RoleClient roles)
{
    public async Task<IReadOnlyDictionary<int, MemberCheck>> CheckAsync(IEnumerable<int> serverIds, TimeSpan timeout, CancellationToken ct)
    {
        var checks = await Task.WhenAll(serverIds.Distinct().Select(id => CheckOneAsync(id, timeout, ct)));
        return checks.ToDictionary(c => c.ServerId);
    }

    /// <summary>A member whose check throws is unhealthy with that reason; it never fails the check of its group.</summary>
    public async Task<MemberCheck> CheckOneAsync(int serverId, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await CheckCoreAsync(serverId, timeout, ct);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            return new MemberCheck(serverId, false, $"check failed: {ex.Message}", null);
        }
    }

    private async Task<MemberCheck> CheckCoreAsync(int serverId, TimeSpan timeout, CancellationToken ct)
    {
        var target = await registry.GetDefinitionForProbingAsync(serverId, ct);
        if (target is null)
            return new MemberCheck(serverId, false, "server is no longer in the registry", null);
        var origin = OriginOf(target.Definition.Url);
        if (!target.Definition.IsHttp || origin is null)
            return new MemberCheck(serverId, false, "not an HTTP server: failover needs an HTTP origin", null);

        var seconds = (int)Math.Max(1, Math.Ceiling(timeout.TotalSeconds));
        var probe = ladder.ProbeAsync(target with { Definition = target.Definition with { TimeoutSeconds = seconds } }, ct);
        var role = roles.GetRoleAsync(origin, timeout, ct);
        var (outcome, reply) = (await probe, await role);
        var error = outcome.Result.Failure is { } f ? $"{f.Kind}: {f.Detail}"
            : reply.Role is null ? $"GET /role: {reply.Error}" : null;
        return new MemberCheck(serverId, outcome.Succeeded && reply.Role is not null, error, origin, reply.Role, reply.Epoch);
    }

    public async Task<Uri?> OriginOfAsync(int serverId, CancellationToken ct) =>
        OriginOf((await registry.GetDefinitionForProbingAsync(serverId, ct))?.Definition.Url);

    /// <summary>scheme://host:port/ of an HTTP server's URL (where /promote, /demote and /role live).</summary>
    public static Uri? OriginOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : null;
}
