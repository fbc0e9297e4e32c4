namespace McpConsole.Web.Features.Failover.Components;

/// <summary>
/// Subscribes a page to <see cref="FailoverNotifier"/> and reloads at most every 250 ms while changes arrive
/// (a busy group cannot flood the circuit). Create it after the first render; dispose it when the page is left.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(250);
    private readonly IDisposable _subscription;
    private readonly CancellationTokenSource _stop = new();
    private int _dirty;

    public LiveRefresh(FailoverNotifier notifier, Func<int, bool> relevant, Func<Task> reload)
    {
        _subscription = notifier.Subscribe(groupId =>
        {
            if (relevant(groupId))
                Volatile.Write(ref _dirty, 1);
            return Task.CompletedTask;
        });
        _ = LoopAsync(reload);
    }

    private async Task LoopAsync(Func<Task> reload)
    {
        using var timer = new PeriodicTimer(Throttle);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Interlocked.Exchange(ref _dirty, 0) == 1)
                    await reload();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between a change and the redraw.
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }
}
