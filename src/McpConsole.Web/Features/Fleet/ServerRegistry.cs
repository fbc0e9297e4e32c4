using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Fleet;

/// <summary>
/// The fleet registry: every read and change of registered servers goes through here. Validates, enforces the
/// stdio rule (only admins create or change a command that runs on this host), encrypts secrets, audits, and
/// tells <see cref="IRegistryChanges"/> subscribers. Secrets leave this class in clear only through
/// <see cref="GetDefinitionsForProbingAsync"/> and <see cref="GetDefinitionForProbingAsync"/>.
/// </summary>
public sealed partial class ServerRegistry(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    ServerMapping mapping,
    AuditLog audit,
    RegistryChanges changes,
    TimeProvider clock)
{
    public async Task<ServerView?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return server is null ? null : mapping.ToView(server);
    }

    public async Task<IReadOnlyList<ProbeTarget>> GetDefinitionsForProbingAsync(bool enabledOnly = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var servers = await db.Servers.AsNoTracking().Where(s => !enabledOnly || s.Enabled).OrderBy(s => s.Id).ToListAsync(ct);
        return servers.Select(ToProbeTarget).ToList();
    }

    public async Task<ProbeTarget?> GetDefinitionForProbingAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return server is null ? null : ToProbeTarget(server);
    }

    public async Task<RegistryResult<ServerView>> CreateAsync(ServerInput input, RegistryActor actor, CancellationToken ct = default)
    {
        var (definition, errors, _) = ServerChanges.Merge(input, current: null);
        var slowMs = input.SlowThresholdMs ?? 2000;
        var metricsUrl = ServerChanges.MetricsUrl(input.MetricsUrl, null, definition);
        errors.AddRange(ServerDefinitionValidator.Validate(definition));
        errors.AddRange(ServerChanges.ValidateSettings(slowMs, metricsUrl));
        if (errors.Count > 0)
            return RegistryResult<ServerView>.Invalid(errors);
        if (ServerChanges.ChangesStdioCommand(null, definition) && !actor.IsAdmin)
            return await RefuseStdioAsync<ServerView>(actor, definition, ct);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await NameTakenAsync(db, definition.Name, exceptId: null, ct))
            return RegistryResult<ServerView>.Conflict(definition.Name);

        var now = clock.GetUtcNow();
        var entity = new McpServer { Name = definition.Name, Transport = definition.Transport.ToString(), CreatedAt = now, UpdatedAt = now };
        mapping.Apply(definition, entity);
        entity.SlowThresholdMs = slowMs;
        entity.CheckHttpHealthEndpoints = input.CheckHttpHealthEndpoints ?? false;
        entity.MetricsUrl = metricsUrl;
        db.Servers.Add(entity);
        if (!await TrySaveAsync(db, ct))
            return RegistryResult<ServerView>.Conflict(definition.Name);

        await RecordAsync(actor, "server.created", definition.Name, string.Join("; ", new[] { $"id {entity.Id}, {definition.Transport}",
            UrlOrigins.Change("URL", null, definition.Url), UrlOrigins.Change("metrics URL", null, metricsUrl) }.OfType<string>()), ct);
        if (definition.Transport == ServerTransport.Stdio)
            await RecordAsync(actor, "server.stdio_command_changed", definition.Name, ServerChanges.DescribeCommand(definition), ct);
        changes.Publish(new RegistryChange(entity.Id, entity.Name, RegistryChangeKind.Created));
        return RegistryResult<ServerView>.Ok(mapping.ToView(entity));
    }

    public async Task<RegistryResult<ServerView>> UpdateAsync(int id, ServerInput input, RegistryActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.Servers.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (entity is null)
            return RegistryResult<ServerView>.NotFound();

        var before = mapping.ToDefinition(entity);
        var (after, errors, dropped) = ServerChanges.Merge(input, before);
        var slowMs = input.SlowThresholdMs ?? entity.SlowThresholdMs;
        var checkHealth = input.CheckHttpHealthEndpoints ?? entity.CheckHttpHealthEndpoints;
        var metricsUrl = ServerChanges.MetricsUrl(input.MetricsUrl, entity.MetricsUrl, after);
        errors.AddRange(ServerDefinitionValidator.Validate(after));
        errors.AddRange(ServerChanges.ValidateSettings(slowMs, metricsUrl));
        if (errors.Count > 0)
            return RegistryResult<ServerView>.Invalid(errors);
        var commandChanged = ServerChanges.ChangesStdioCommand(before, after);
        if (commandChanged && !actor.IsAdmin)
            return await RefuseStdioAsync<ServerView>(actor, after, ct);
        if (await NameTakenAsync(db, after.Name, exceptId: id, ct))
            return RegistryResult<ServerView>.Conflict(after.Name);

        var changed = ServerChanges.ChangedFields(before, after,
            ("SlowThresholdMs", slowMs == entity.SlowThresholdMs),
            ("CheckHttpHealthEndpoints", checkHealth == entity.CheckHttpHealthEndpoints),
            ("MetricsUrl", metricsUrl == entity.MetricsUrl));
        if (changed.Count == 0)
            return RegistryResult<ServerView>.Ok(mapping.ToView(entity));

        var urlChanges = new[] { UrlOrigins.Change("URL", before.Url, after.Url), UrlOrigins.Change("metrics URL", entity.MetricsUrl, metricsUrl) }.OfType<string>();
        mapping.Apply(after, entity);
        entity.SlowThresholdMs = slowMs;
        entity.CheckHttpHealthEndpoints = checkHealth;
        entity.MetricsUrl = metricsUrl;
        entity.UpdatedAt = clock.GetUtcNow();
        if (!await TrySaveAsync(db, ct))
            return RegistryResult<ServerView>.Conflict(after.Name);

        var target = before.Name == after.Name ? after.Name : $"{before.Name} -> {after.Name}";
        var droppedNote = dropped.Count == 0 ? "" : $"; its address or command changed, stored secret(s) dropped: {string.Join(", ", dropped)}";
        await RecordAsync(actor, "server.updated", target, string.Join("; ", urlChanges.Prepend($"id {id}, changed: {string.Join(", ", changed)}")) + droppedNote, ct);
        if (commandChanged)
            await RecordAsync(actor, "server.stdio_command_changed", after.Name, ServerChanges.DescribeCommand(after), ct);
        changes.Publish(new RegistryChange(id, after.Name, RegistryChangeKind.Updated));
        return RegistryResult<ServerView>.Ok(mapping.ToView(entity) with { DroppedSecrets = dropped.Count == 0 ? null : dropped });
    }

    public async Task<RegistryResult<bool>> DeleteAsync(int id, RegistryActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.Servers.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (entity is null)
            return RegistryResult<bool>.NotFound();
        db.Servers.Remove(entity);
        await db.SaveChangesAsync(ct);
        await RecordAsync(actor, "server.deleted", entity.Name, $"id {id}, {entity.Transport}", ct);
        changes.Publish(new RegistryChange(id, entity.Name, RegistryChangeKind.Deleted));
        return RegistryResult<bool>.Ok(true);
    }

    /// <summary>One row that cannot be loaded becomes a target that says why; it never stops the others from being read.</summary>
    private ProbeTarget ToProbeTarget(McpServer s)
    {
        try
        {
            return new(s.Id, mapping.ToDefinition(s), s.SlowThresholdMs, s.CheckHttpHealthEndpoints);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new(s.Id, mapping.ToDefinitionWithoutSecrets(s), s.SlowThresholdMs, s.CheckHttpHealthEndpoints, ServerMapping.DescribeLoadError(ex));
        }
    }

    private async Task<RegistryResult<T>> RefuseStdioAsync<T>(RegistryActor actor, ServerDefinition definition, CancellationToken ct)
    {
        await RecordAsync(actor, "server.stdio_command_changed", definition.Name,
            "refused: only an Admin may add or change a stdio command; " + ServerChanges.DescribeCommand(definition), ct, succeeded: false);
        return RegistryResult<T>.Forbidden("only an Admin may add or change a stdio server's command, arguments, environment, pass-through variables or working directory: it runs a program on the console's host");
    }

    private static async Task<bool> NameTakenAsync(ConsoleDbContext db, string name, int? exceptId, CancellationToken ct)
    {
        var lower = name.ToLowerInvariant();
        return await db.Servers.AnyAsync(s => s.Id != exceptId && s.Name.ToLower() == lower, ct);
    }

    private static async Task<bool> TrySaveAsync(ConsoleDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique index on Name: another writer took the name between our check and this save.
            return false;
        }
    }

    private Task RecordAsync(RegistryActor actor, string action, string target, string details, CancellationToken ct, bool succeeded = true) =>
        audit.RecordAsync(new AuditRecord(actor.Name, action, target, details, succeeded, actor.RemoteAddress), ct);
}
