using System.Text.Json;
using McpConsole.Core.Catalog;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Notices tool catalog changes: compares a probe's hash with the last stored one and, on a change, produces the
/// snapshot and an event reason with the diff ("tool catalog changed: +a -b ~c"). The previous tool list is read
/// from the last snapshot only when the hash changed.
/// </summary>
public sealed class CatalogTracker(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    internal async Task<CatalogChange?> CompareAsync(int serverId, string? previousHash, ProbeOutcome outcome, CancellationToken ct)
    {
        if (outcome.CatalogHash is not { } hash || outcome.Tools is not { } tools || hash == previousHash)
        {
            return null;
        }

        var toolsJson = ToJson(tools);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var last = await db.Set<CatalogSnapshot>().AsNoTracking()
            .Where(c => c.ServerId == serverId).OrderByDescending(c => c.Id).Select(c => new { c.Hash, c.ToolsJson })
            .FirstOrDefaultAsync(ct);
        if (last is null)
        {
            return new CatalogChange(hash, toolsJson, null, null);
        }

        if (last.Hash == hash)
        {
            return null; // the status row lagged behind the snapshot: nothing new
        }

        var diff = CatalogDiff.Compute(FromJson(last.ToolsJson), tools);
        return new CatalogChange(hash, toolsJson, DiffJson(diff), Describe(diff));
    }

    public static string Describe(CatalogDiff diff)
    {
        var parts = diff.Added.Select(t => "+" + t.Name)
            .Concat(diff.Removed.Select(t => "-" + t.Name))
            .Concat(diff.Changed.Select(c => $"~{c.Name} ({c.ChangedFields})"));
        var text = string.Join(' ', parts);
        return "tool catalog changed: " + (text.Length == 0 ? "order or duplicates only" : text);
    }

    private static string ToJson(IEnumerable<ToolDefinition> tools) => JsonSerializer.Serialize(
        tools.Select(t => new StoredTool(t.Name, t.Description, t.InputSchema)), _json);

    private static List<ToolDefinition> FromJson(string json) =>
        (JsonSerializer.Deserialize<List<StoredTool>>(json, _json) ?? [])
        .Select(t => new ToolDefinition(t.Name, t.Description, t.InputSchema)).ToList();

    private static string DiffJson(CatalogDiff diff) => JsonSerializer.Serialize(new
    {
        added = diff.Added.Select(t => t.Name),
        removed = diff.Removed.Select(t => t.Name),
        changed = diff.Changed.Select(c => new { name = c.Name, fields = c.ChangedFields.ToString().Split(", ") }),
    }, _json);

    private sealed record StoredTool(string Name, string? Description, JsonElement? InputSchema);
}
