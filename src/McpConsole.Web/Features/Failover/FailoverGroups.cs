using System.Text.Json;
using McpConsole.Core.Failover;
using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Failover;

/// <summary>Failover groups: define, change, remove (audited), and read with the active server and the timeline.</summary>
public sealed class FailoverGroups(IDbContextFactory<ConsoleDbContext> dbFactory, AuditLog audit, FailoverNotifier notifier, TimeProvider clock)
{
    public async Task<IReadOnlyList<FailoverGroupView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.Set<FailoverGroup>().AsNoTracking().Include(g => g.Members).OrderBy(g => g.Name).ToListAsync(ct);
        var servers = await ServersAsync(db, groups.SelectMany(g => g.Members.Select(m => m.ServerId)), ct);
        return [.. groups.Select(g => ToView(g, servers))];
    }

    public async Task<FailoverGroupView?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.Set<FailoverGroup>().AsNoTracking().Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
            return null;
        return ToView(group, await ServersAsync(db, group.Members.Select(m => m.ServerId), ct));
    }

    public async Task<IReadOnlyList<FailoverEventView>> TimelineAsync(int id, int take = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<FailoverEvent>().AsNoTracking().Where(e => e.GroupId == id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(Math.Clamp(take, 1, 1000))
            .Select(e => new FailoverEventView(e.Id, e.At, e.Kind, e.Epoch, e.ServerId, e.ServerName, e.Trigger, e.Message, e.Critical))
            .ToListAsync(ct);
    }

    public async Task<GroupResult<FailoverGroupView>> CreateAsync(FailoverGroupInput input, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
            errors["name"] = ["a name of 1 to 100 characters is required"];
        else if (await db.Set<FailoverGroup>().AnyAsync(g => g.Name == name, ct))
            errors["name"] = [$"a group named '{name}' already exists"];
        var standbys = input.StandbyServerIds ?? [];
        var memberIds = input.PrimaryServerId is { } p ? standbys.Prepend(p).ToList() : [.. standbys];
        if (input.PrimaryServerId is null)
            errors["primaryServerId"] = ["a primary server is required"];
        if (standbys.Count == 0)
            errors["standbyServerIds"] = ["at least one standby server is required"];
        else if (memberIds.Distinct().Count() != memberIds.Count)
            errors["standbyServerIds"] = ["a server can appear only once (and not as both primary and standby)"];
        await ValidateMembersAsync(db, memberIds, errors, ct);
        var group = new FailoverGroup { Name = name ?? "" };
        ApplyPolicy(group, input, errors);
        if (errors.Count > 0)
            return new(GroupOutcome.Invalid, Message: "the group was not created", Errors: errors);

        var now = clock.GetUtcNow();
        group.PreferredPrimaryId = group.ActiveServerId = input.PrimaryServerId!.Value;
        group.CreatedAt = group.UpdatedAt = group.StateSince = group.NextCheckAt = now;
        group.Members = [.. memberIds.Select((id, i) => new FailoverMember { ServerId = id, Position = i })];
        db.Set<FailoverGroup>().Add(group);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, "failover.groupCreated", $"group {group.Name}",
            $"primary #{group.PreferredPrimaryId}, standbys {string.Join(", ", standbys.Select(s => $"#{s}"))}, every {group.CheckIntervalSeconds} s, after {group.FailuresBeforeFailover} failures"
            + (UrlOrigins.Change("webhook", null, group.WebhookUrl) is { } webhook ? $"; {webhook}" : "")), ct);
        notifier.Publish(group.Id);
        return new(GroupOutcome.Ok, await GetAsync(group.Id, ct));
    }

    /// <summary>Changes the name, policy, webhook or enabled flag; members are fixed once defined (recreate the group to change them).</summary>
    public async Task<GroupResult<FailoverGroupView>> UpdateAsync(int id, FailoverGroupInput input, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.Set<FailoverGroup>().FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
            return new(GroupOutcome.NotFound);
        var errors = new Dictionary<string, string[]>();
        if (input.PrimaryServerId is not null || input.StandbyServerIds is not null)
            errors["standbyServerIds"] = ["members cannot be changed; remove the group and define it again"];
        if (input.Name?.Trim() is { } name && name != group.Name)
        {
            if (name.Length is 0 or > 100)
                errors["name"] = ["a name of 1 to 100 characters is required"];
            else if (await db.Set<FailoverGroup>().AnyAsync(g => g.Name == name && g.Id != id, ct))
                errors["name"] = [$"a group named '{name}' already exists"];
            else
                group.Name = name;
        }
        var webhookBefore = group.WebhookUrl;
        ApplyPolicy(group, input, errors);
        if (errors.Count > 0)
            return new(GroupOutcome.Invalid, Message: "nothing was changed", Errors: errors);
        group.Version++;
        group.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(GroupOutcome.Conflict, Message: "the group changed at the same moment (a check or promotion); nothing was changed, try again");
        }
        await audit.RecordAsync(new AuditRecord(actor, "failover.groupChanged", $"group {group.Name}",
            $"every {group.CheckIntervalSeconds} s, after {group.FailuresBeforeFailover} failures, timeout {group.TimeoutMs} ms, automatic failback {group.AutomaticFailback}, enabled {group.Enabled}"
            + (UrlOrigins.Change("webhook", webhookBefore, group.WebhookUrl) is { } webhook ? $"; {webhook}" : "")), ct);
        notifier.Publish(id);
        return new(GroupOutcome.Ok, await GetAsync(id, ct));
    }

    /// <summary>Sets (or with null removes) the program run on each transition. Callers must hold the Admin role.</summary>
    public async Task<GroupResult<FailoverGroupView>> SetCommandAsync(int id, TransitionCommandInput? input, string actor, CancellationToken ct = default)
    {
        TransitionCommandSpec? spec = null;
        if (input is not null)
        {
            spec = new TransitionCommandSpec(input.Program?.Trim() ?? "", input.Arguments ?? [], input.TimeoutSeconds ?? TransitionCommandSpec.DefaultTimeoutSeconds);
            if (spec.Validate() is { Count: > 0 } problems)
                return new(GroupOutcome.Invalid, Message: "the command was not changed", Errors: new Dictionary<string, string[]> { ["command"] = [.. problems] });
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.Set<FailoverGroup>().FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
            return new(GroupOutcome.NotFound);
        group.TransitionCommand = spec?.Program;
        group.TransitionCommandArgumentsJson = spec is null ? null : JsonSerializer.Serialize(spec.Arguments);
        group.TransitionCommandTimeoutSeconds = spec?.TimeoutSeconds ?? TransitionCommandSpec.DefaultTimeoutSeconds;
        group.Version++;
        group.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(GroupOutcome.Conflict, Message: "the group changed at the same moment (a check or promotion); nothing was changed, try again");
        }
        await audit.RecordAsync(spec is null
            ? new AuditRecord(actor, "failover.commandRemoved", $"group {group.Name}", "no command runs on transitions")
            : new AuditRecord(actor, "failover.commandChanged", $"group {group.Name}",
                $"runs {spec.Program} with {spec.Arguments.Count} argument(s) {JsonSerializer.Serialize(spec.Arguments)} on each transition, timeout {spec.TimeoutSeconds} s"), ct);
        notifier.Publish(id);
        return new(GroupOutcome.Ok, await GetAsync(id, ct));
    }

    public async Task<GroupResult<bool>> DeleteAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.Set<FailoverGroup>().FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
            return new(GroupOutcome.NotFound);
        db.Remove(group);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, "failover.groupRemoved", $"group {group.Name}", "servers keep their current roles"), ct);
        notifier.Publish(id);
        return new(GroupOutcome.Ok, true);
    }

    private static async Task ValidateMembersAsync(ConsoleDbContext db, List<int> ids, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (ids.Count == 0)
            return;
        var servers = await db.Servers.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        var problems = new List<string>();
        foreach (var id in ids.Where(id => servers.All(s => s.Id != id)))
            problems.Add($"server #{id} does not exist");
        foreach (var s in servers.Where(s => !Enum.TryParse<ServerTransport>(s.Transport, out var t) || t == ServerTransport.Stdio || MemberChecks.OriginOf(s.Url) is null))
            problems.Add($"{s.Name} is not an HTTP server: promotion needs an HTTP origin");
        var taken = await db.Set<FailoverMember>().Where(m => ids.Contains(m.ServerId)).Select(m => m.ServerId).ToListAsync(ct);
        foreach (var s in servers.Where(s => taken.Contains(s.Id)))
            problems.Add($"{s.Name} already belongs to a failover group");
        if (problems.Count > 0)
            errors["members"] = [.. problems];
    }

    private static void ApplyPolicy(FailoverGroup g, FailoverGroupInput input, Dictionary<string, string[]> errors)
    {
        g.CheckIntervalSeconds = input.CheckIntervalSeconds ?? g.CheckIntervalSeconds;
        g.FailuresBeforeFailover = input.FailuresBeforeFailover ?? g.FailuresBeforeFailover;
        g.TimeoutMs = input.TimeoutMs ?? g.TimeoutMs;
        g.AutomaticFailback = input.AutomaticFailback ?? g.AutomaticFailback;
        g.StableChecksBeforeEligible = input.StableChecksBeforeEligible ?? g.StableChecksBeforeEligible;
        g.Enabled = input.Enabled ?? g.Enabled;
        // The form shows the stored URL by origin only (its path is often the token); sent back unchanged, it is kept.
        if (input.WebhookUrl is { } url && !url.Contains(SecretRedaction.Placeholder, StringComparison.Ordinal))
        {
            if (url.Length == 0)
                g.WebhookUrl = null;
            else if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                errors["webhookUrl"] = ["must be an absolute http or https URL"];
            else
                g.WebhookUrl = url;
        }
        var policyErrors = g.Policy.Validate();
        if (policyErrors.Count > 0)
            errors["policy"] = [.. policyErrors];
    }

    private static async Task<Dictionary<int, (string Name, string? Url)>> ServersAsync(ConsoleDbContext db, IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Servers.AsNoTracking().Where(s => list.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => (s.Name, s.Url), ct);
    }

    private static FailoverGroupView ToView(FailoverGroup g, Dictionary<int, (string Name, string? Url)> servers)
    {
        var members = g.Members.OrderBy(m => m.ServerId == g.ActiveServerId ? 0 : 1).ThenBy(m => m.Position).Select(m =>
        {
            var (name, url) = servers.GetValueOrDefault(m.ServerId, ($"#{m.ServerId} (removed)", null));
            return new FailoverMemberView(m.ServerId, name, m.ServerId == g.ActiveServerId ? "primary" : "standby", m.ServerId == g.PreferredPrimaryId,
                m.Healthy, m.NeedsFencing, UrlRedaction.Redact(url), m.LastError, m.LastCheckedAt);
        }).ToList();
        var active = servers.TryGetValue(g.ActiveServerId, out var a)
            ? new ActiveServerView(g.ActiveServerId, a.Name, UrlRedaction.Redact(a.Url), MemberChecks.OriginOf(a.Url)?.ToString())
            : null;
        return new FailoverGroupView(g.Id, g.Name, g.State, g.StateSince, g.Epoch, active, g.PreferredPrimaryId, members,
            new FailoverPolicyView(g.CheckIntervalSeconds, g.FailuresBeforeFailover, g.TimeoutMs, g.AutomaticFailback, g.StableChecksBeforeEligible),
            UrlRedaction.OriginOnly(g.WebhookUrl), g.Enabled, g.LastCheckedAt,
            TransitionCommandSpec.Of(g) is { } c ? new TransitionCommandView(c.Program, c.Arguments, c.TimeoutSeconds) : null);
    }
}
