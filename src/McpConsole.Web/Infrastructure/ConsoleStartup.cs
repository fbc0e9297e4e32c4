using Hangfire;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Jobs;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Infrastructure;

/// <summary>
/// Database migrations, then first-start accounts; beside them, the job storage and the recurring jobs whose schedule
/// is configuration only (<see cref="IRecurringJobs"/>). Started as early as possible (<see cref="Begin"/>, called while
/// the request pipeline is still being built) so all three overlap on a multi-core machine; the hosted service waits
/// for both before the web server accepts requests (hosted services start in registration order, the server last).
/// </summary>
internal sealed class ConsoleStartup(IServiceProvider services, DataDirectory dataDirectory, ILogger<ConsoleStartup> logger) : IHostedService
{
    private readonly Lock _gate = new();
    private Task? _preparation;

    /// <summary>True once the database is migrated and the first accounts exist.</summary>
    public bool IsComplete => _preparation is { IsCompletedSuccessfully: true };

    /// <summary>Starts the preparation on the thread pool; calling it again returns the same work.</summary>
    public Task Begin(CancellationToken ct = default)
    {
        lock (_gate)
            return _preparation ??= Task.Run(() => PrepareAsync(ct), ct);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Begin(cancellationToken).WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrepareAsync(CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var jobs = Task.Run(() => Timed(ScheduleRecurringJobs), ct);
        string? interrupted = null;
        var migrations = await Timed(async () => interrupted = await services.MigrateDatabaseAsync(ct));
        var accounts = await Timed(() => services.BootstrapAccountsAsync(ct));
        if (interrupted is not null)
        {
            logger.LogWarning("Database in {DataDirectory}: {Interrupted}", dataDirectory.Path, interrupted);
            await services.GetRequiredService<AuditLog>().RecordAsync(new AuditRecord("system", "storage.recovery", "console database", interrupted, Succeeded: false), ct);
        }
        var jobsMs = await jobs;
        logger.LogInformation("Database in {DataDirectory} ready in {ElapsedMs:0} ms (migrations {MigrationsMs:0} ms, accounts {AccountsMs:0} ms, job storage {JobsMs:0} ms beside them)",
            dataDirectory.Path, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds, migrations, accounts, jobsMs);
    }

    private static async Task<double> Timed(Func<Task> step)
    {
        var started = TimeProvider.System.GetTimestamp();
        await step();
        return TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Timed(Action step)
    {
        var started = TimeProvider.System.GetTimestamp();
        step();
        return TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
    }

    private void ScheduleRecurringJobs()
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        foreach (var jobs in services.GetServices<IRecurringJobs>())
            jobs.Schedule(manager);
    }
}
