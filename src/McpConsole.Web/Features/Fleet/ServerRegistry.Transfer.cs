using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Export;
using McpConsole.Core.Fleet.Import;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Fleet;

public enum ExportFormat
{
    McpServers,
    VsCode,
}

/// <summary>Import and export: the parsing and planning rules are Core's; this part stores, guards and audits.</summary>
public sealed partial class ServerRegistry
{
    /// <summary>
    /// Parses <paramref name="json"/> and plans it against the registry. With <paramref name="dryRun"/> false, applies
    /// the plan in one transaction: every server or none. Stdio servers in the plan need an Admin to apply.
    /// </summary>
    public async Task<ImportResult> ImportAsync(string json, bool dryRun, RegistryActor actor, CancellationToken ct = default)
    {
        var parsed = ServerImport.Parse(json);
        if (!parsed.Succeeded)
            return ImportResult.Refused(parsed.Error!);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
        var entities = await db.Servers.ToListAsync(ct);
        var existing = entities.Select(mapping.ToDefinition).ToList();
        var plan = ImportPlan.Compute(existing, parsed.Servers);
        var stdioChanges = plan.New.Where(n => ServerChanges.ChangesStdioCommand(null, n))
            .Concat(plan.Changed.Where(c => ServerChanges.ChangesStdioCommand(c.Existing, c.Merged)).Select(c => c.Merged))
            .ToList();
        var preview = ImportPreview.From(parsed.Format!.Value, plan, applied: false, requiresAdmin: stdioChanges.Count > 0);
        if (dryRun || !plan.HasChanges)
            return ImportResult.Planned(preview);

        if (stdioChanges.Count > 0 && !actor.IsAdmin)
        {
            // The transaction holds SQLite's write lock; release it before the audit log writes.
            await tx!.RollbackAsync(ct);
            await RecordAsync(actor, "server.imported", $"{stdioChanges.Count} stdio server(s)",
                "refused: only an Admin may import stdio servers; " + string.Join("; ", stdioChanges.Select(s => s.Name)), ct, succeeded: false);
            return ImportResult.Forbidden("the file adds or changes stdio servers (programs run on this host): only an Admin may apply it");
        }

        var errors = plan.ToApply.SelectMany(d => ServerDefinitionValidator.Validate(d)
            .Select(e => new FieldError(e.Field, $"server '{d.Name}': {e.Message}"))).ToList();
        if (errors.Count > 0)
            return ImportResult.Invalid(errors);

        var now = clock.GetUtcNow();
        var created = new List<McpServer>();
        var updated = new List<McpServer>();
        foreach (var definition in plan.New)
        {
            var entity = new McpServer { Name = definition.Name, Transport = definition.Transport.ToString(), CreatedAt = now, UpdatedAt = now };
            mapping.Apply(definition, entity);
            db.Servers.Add(entity);
            created.Add(entity);
        }

        foreach (var change in plan.Changed)
        {
            var entity = entities.First(e => string.Equals(e.Name, change.Existing.Name, StringComparison.OrdinalIgnoreCase));
            mapping.Apply(change.Merged, entity);
            entity.UpdatedAt = now;
            updated.Add(entity);
        }

        await db.SaveChangesAsync(ct);
        await tx!.CommitAsync(ct);

        // Audit after the commit: the audit log writes through its own connection.
        foreach (var definition in plan.New)
            await RecordAsync(actor, "server.imported", definition.Name, $"new {definition.Transport} server from {parsed.Format}", ct);
        foreach (var change in plan.Changed)
            await RecordAsync(actor, "server.imported", change.Merged.Name, $"changed from {parsed.Format}: {string.Join(", ", change.ChangedFields)}", ct);
        foreach (var definition in stdioChanges)
            await RecordAsync(actor, "server.stdio_command_changed", definition.Name, ServerChanges.DescribeCommand(definition), ct);
        foreach (var entity in created)
            changes.Publish(new RegistryChange(entity.Id, entity.Name, RegistryChangeKind.Created));
        foreach (var entity in updated)
            changes.Publish(new RegistryChange(entity.Id, entity.Name, RegistryChangeKind.Updated));

        return ImportResult.Planned(preview with { Applied = true });
    }

    /// <summary>The registry as a client config file. Secrets are redacted unless an Admin includes them (audited).</summary>
    public async Task<RegistryResult<string>> ExportAsync(ExportFormat format, bool includeSecrets, RegistryActor actor, CancellationToken ct = default)
    {
        if (includeSecrets && !actor.IsAdmin)
        {
            await RecordAsync(actor, "server.exported", format.ToString(), "refused: secrets requested without the Admin role", ct, succeeded: false);
            return RegistryResult<string>.Forbidden("only an Admin may export secrets");
        }

        var servers = (await GetDefinitionsForProbingAsync(enabledOnly: false, ct)).Select(t => t.Definition)
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var secrets = includeSecrets ? ExportSecrets.Include : ExportSecrets.Redact;
        var json = format == ExportFormat.VsCode ? ServerExport.ToVsCodeJson(servers, secrets) : ServerExport.ToMcpServersJson(servers, secrets);
        if (includeSecrets)
            await RecordAsync(actor, "server.exported", format.ToString(), $"{servers.Count} servers, secrets included", ct);
        return RegistryResult<string>.Ok(json);
    }
}

/// <summary>An import's preview (or what was applied), a refusal with line and reason, or a role/validation refusal.</summary>
public sealed record ImportResult(ImportPreview? Preview, ImportError? Error, RegistryOutcome Outcome, string? Message, IReadOnlyList<FieldError> Errors)
{
    public static ImportResult Planned(ImportPreview preview) => new(preview, null, RegistryOutcome.Ok, null, []);
    public static ImportResult Refused(ImportError error) => new(null, error, RegistryOutcome.Invalid, error.Message, []);
    public static ImportResult Forbidden(string message) => new(null, null, RegistryOutcome.Forbidden, message, []);
    public static ImportResult Invalid(IReadOnlyList<FieldError> errors) => new(null, null, RegistryOutcome.Invalid, "the merged servers are not valid", errors);
}

public sealed record ImportPreview(
    ImportFormat Format,
    bool Applied,
    bool RequiresAdmin,
    IReadOnlyList<ImportedEntry> New,
    IReadOnlyList<ChangedEntry> Changed,
    IReadOnlyList<ImportedEntry> Unchanged,
    IReadOnlyList<string> Warnings)
{
    public static ImportPreview From(ImportFormat format, ImportPlan plan, bool applied, bool requiresAdmin) => new(
        format, applied, requiresAdmin,
        plan.New.Select(ImportedEntry.From).ToList(),
        plan.Changed.Select(c => new ChangedEntry(c.Merged.Name, c.Merged.Transport, Describe(c.Merged), c.ChangedFields)).ToList(),
        plan.Unchanged.Select(ImportedEntry.From).ToList(),
        plan.Warnings);

    internal static string Describe(ServerDefinition d) => d.IsHttp ? d.Url ?? "" : ServerChanges.DescribeCommand(d with { Environment = new Dictionary<string, string>() });
}

public sealed record ImportedEntry(string Name, ServerTransport Transport, string Endpoint)
{
    public static ImportedEntry From(ServerDefinition d) => new(d.Name, d.Transport, ImportPreview.Describe(d));
}

public sealed record ChangedEntry(string Name, ServerTransport Transport, string Endpoint, IReadOnlyList<string> Fields);
