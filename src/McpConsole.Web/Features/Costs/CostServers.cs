using McpConsole.Core.Costs;
using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Costs;

/// <summary>A registered server as costing needs it: placement, allocation, and its command line (stdio) for duplicates.</summary>
public sealed record CostServer(CostedServer Costed, string Transport, string? CommandLine);

public sealed class CostServers(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    public async Task<IReadOnlyList<CostServer>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Servers.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        return [.. rows.Select(ToCostServer)];
    }

    public static CostServer ToCostServer(McpServer s)
    {
        var stdio = s.Transport == nameof(ServerTransport.Stdio);
        var commandLine = stdio && !string.IsNullOrWhiteSpace(s.Command)
            ? string.Join(' ', new[] { s.Command.Trim() }.Concat(ServerMapping.ReadList(s.ArgumentsJson)))
            : null;
        return new CostServer(new CostedServer(s.Id, s.Name, s.Group, s.Location, ServerMapping.ReadList(s.TagsJson), new Allocation(s.CpuCores, s.MemoryMb)),
            s.Transport, commandLine);
    }
}
