using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Infrastructure;

/// <summary>
/// Runs before the web server accepts requests (hosted services start in registration order, the server last):
/// database migrations, then first-start accounts.
/// </summary>
internal sealed class ConsoleStartup(IServiceProvider services, DataDirectory dataDirectory, ILogger<ConsoleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        await services.MigrateDatabaseAsync(cancellationToken);
        await services.BootstrapAccountsAsync(cancellationToken);
        logger.LogInformation("Database in {DataDirectory} ready in {ElapsedMs:0} ms", dataDirectory.Path, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
