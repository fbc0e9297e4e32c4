using McpConsole.Web.Features.Topology;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Failover;

/// <summary>A link for the topology graph: the group's active primary to one of its standbys.</summary>
/// <param name="Kind">"primary-standby" (standby follows the active primary) or "fencing" (former primary awaiting demotion).</param>
public sealed record FailoverLink(int GroupId, string GroupName, int PrimaryServerId, int StandbyServerId, string Kind, long Epoch)
{
    /// <summary>The edge label: what the standby is, and to which group it belongs.</summary>
    public string Label => Kind == "fencing" ? $"awaiting demotion · {GroupName}" : $"standby · {GroupName}";
}

/// <summary>
/// Publishes every group's primary -> standby links into the topology's <see cref="ServerLinks"/>: at start and
/// after every change a group reports (<see cref="FailoverNotifier"/>), so the link moves on the open topology pages
/// when a promotion happens. Links of removed groups are withdrawn.
/// </summary>
public sealed class FailoverTopology(IDbContextFactory<ConsoleDbContext> dbFactory, ServerLinks links, FailoverNotifier notifier, ILogger<FailoverTopology> logger)
    : IHostedService
{
    private readonly SemaphoreSlim _sync = new(1, 1);
    private HashSet<(int From, int To)> _published = [];
    private IDisposable? _subscription;

    public async Task<IReadOnlyList<FailoverLink>> LinksAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.Set<FailoverGroup>().AsNoTracking().Include(g => g.Members).ToListAsync(ct);
        return [.. groups.SelectMany(g => g.Members.Where(m => m.ServerId != g.ActiveServerId).Select(m =>
            new FailoverLink(g.Id, g.Name, g.ActiveServerId, m.ServerId, m.NeedsFencing ? "fencing" : "primary-standby", g.Epoch)))];
    }

    /// <summary>Makes <see cref="ServerLinks"/> hold exactly the failover links in the database (serialised).</summary>
    public async Task SyncAsync(CancellationToken ct = default)
    {
        await _sync.WaitAsync(ct);
        try
        {
            var current = await LinksAsync(ct);
            var wanted = current.ToDictionary(l => (l.PrimaryServerId, l.StandbyServerId));
            // Add the new direction before withdrawing the old one, so a page never draws the pair unlinked.
            foreach (var ((from, to), link) in wanted)
                links.Set(new ServerLink(from, to, link.Label));
            foreach (var gone in _published.Where(k => !wanted.ContainsKey(k)))
                links.Remove(gone.From, gone.To);
            _published = [.. wanted.Keys];
        }
        finally
        {
            _sync.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(_ => SyncQuietlyAsync());
        // Beside the web server's start rather than before it: the links appear on the topology moments later.
        _ = Task.Run(SyncQuietlyAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task SyncQuietlyAsync()
    {
        try
        {
            await SyncAsync();
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogWarning("Failover links for the topology not refreshed: {Reason}", ex.Message);
        }
    }
}
