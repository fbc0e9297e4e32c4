using Hangfire;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpConsole.Web.Infrastructure.Operations;

internal sealed class DatabaseReadinessCheck(IDbContextFactory<ConsoleDbContext> dbFactory, ConsoleStartup startup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!startup.IsComplete)
            return HealthCheckResult.Unhealthy("database migrations are still running");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
        return HealthCheckResult.Healthy("database answers");
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
