using Hangfire;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpConsole.Web.Infrastructure.Operations;

/// <summary>Plain ADO.NET, not EF: the first readiness probe after a start then does not wait for EF's raw-SQL path to compile.</summary>
internal sealed class DatabaseReadinessCheck(ConsoleDatabase database, ConsoleStartup startup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!startup.IsComplete)
            return HealthCheckResult.Unhealthy("database migrations are still running");
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(ct);
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
