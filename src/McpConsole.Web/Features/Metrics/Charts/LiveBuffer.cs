using McpConsole.Web.Features.Probing;

namespace McpConsole.Web.Features.Metrics.Charts;

/// <summary>
/// Collects one server's live probe results and hands them over in batches at most every 200 ms (about 5 chart
/// updates a second however busy the server), as <see cref="ServerStatusStream.ChartThrottle"/> recommends.
/// </summary>
internal sealed class LiveBuffer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private readonly ITimer _timer;
    private readonly Func<IReadOnlyList<ServerStatusChanged>, Task> _flush;
    private List<ServerStatusChanged> _pending = [];
    private int _flushing;

    public LiveBuffer(FleetNotifier notifier, int serverId, TimeProvider clock, Func<IReadOnlyList<ServerStatusChanged>, Task> flush)
    {
        _flush = flush;
        _subscription = notifier.Subscribe(change =>
        {
            if (change.ServerId == serverId)
            {
                lock (_gate)
                    _pending.Add(change);
            }

            return Task.CompletedTask;
        });
        _timer = clock.CreateTimer(_ => _ = FlushAsync(), null, ServerStatusStream.ChartThrottle, ServerStatusStream.ChartThrottle);
    }

    private async Task FlushAsync()
    {
        if (Interlocked.Exchange(ref _flushing, 1) == 1)
            return;
        try
        {
            List<ServerStatusChanged> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                    return;
                batch = _pending;
                _pending = [];
            }

            await _flush(batch);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or Microsoft.JSInterop.JSDisconnectedException or TaskCanceledException)
        {
        }
        finally
        {
            Interlocked.Exchange(ref _flushing, 0);
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _timer.Dispose();
    }
}
