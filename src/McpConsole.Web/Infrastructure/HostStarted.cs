namespace McpConsole.Web.Infrastructure;

public static class HostStarted
{
    /// <summary>Completes once the host has started (the web server accepts requests), or at once if it already has.</summary>
    public static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(ct);
    }
}
