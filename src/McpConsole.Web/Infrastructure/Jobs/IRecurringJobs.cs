using Hangfire;

namespace McpConsole.Web.Infrastructure.Jobs;

/// <summary>
/// A feature's recurring jobs whose schedule comes from configuration alone (not from the console database). They are
/// registered while the database migrates (<see cref="ConsoleStartup"/>): Hangfire's first registrations are slow, and
/// start-up would otherwise wait for them after the migrations.
/// </summary>
public interface IRecurringJobs
{
    void Schedule(IRecurringJobManager jobs);
}
