using Hangfire;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpConsole.Web.Infrastructure.Operations;

internal sealed class DatabaseReadinessCheck(IDbContextFactory<ConsoleDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
        var pending = await db.Database.GetPendingMigrationsAsync(ct);
        return pending.Any()
            ? HealthCheckResult.Unhealthy($"database migrations pending: {string.Join(", ", pending)}")
            : HealthCheckResult.Healthy("database answers");
    }
}

internal sealed class JobStorageReadinessCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var servers = storage.GetMonitoringApi().Servers();
        return Task.FromResult(servers.Count == 0
            ? HealthCheckResult.Unhealthy("job storage answers but no job server is running")
            : HealthCheckResult.Healthy($"job storage answers; {servers.Count} job server(s)"));
    }
}
