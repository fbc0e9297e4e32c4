namespace McpConsole.Web.Features.Probing;

/// <summary>
/// How pages use <see cref="FleetNotifier"/> for live views (overview, servers list, detail page):
/// <list type="number">
/// <item>Subscribe in <c>OnAfterRenderAsync(firstRender: true)</c>, never during prerendering.</item>
/// <item>In the handler, only record the change (e.g. in a dictionary by server id) and mark the view dirty;
///   redraw at most every ~100 ms (charts ~200 ms) with a timer, so a 1,000-server fleet cannot flood the circuit.</item>
/// <item>Redraw through <c>InvokeAsync(StateHasChanged)</c>: handlers run on probe threads, not the renderer's.
///   Report failures with <c>DispatchExceptionAsync</c>.</item>
/// <item>Dispose the subscription in <c>Dispose</c>/<c>DisposeAsync</c> when the page is left.</item>
/// </list>
/// <code>
/// protected override void OnAfterRender(bool firstRender)
/// {
///     if (firstRender) _subscription = Notifier.Subscribe(change => { _pending[change.ServerId] = change; _dirty = true; return Task.CompletedTask; });
/// }
/// // a PeriodicTimer(100 ms) loop: if (_dirty) { _dirty = false; await InvokeAsync(StateHasChanged); }
/// public void Dispose() => _subscription?.Dispose();
/// </code>
/// Use <see cref="FleetNotifier.Latest"/> for the first paint of servers probed since start; the database
/// (ServerStatus) holds the rest.
/// </summary>
public static class ServerStatusStream
{
    /// <summary>Recommended minimum time between two redraws of a list or tile view.</summary>
    public static readonly TimeSpan ListThrottle = TimeSpan.FromMilliseconds(100);

    /// <summary>Recommended minimum time between two chart redraws.</summary>
    public static readonly TimeSpan ChartThrottle = TimeSpan.FromMilliseconds(200);
}
