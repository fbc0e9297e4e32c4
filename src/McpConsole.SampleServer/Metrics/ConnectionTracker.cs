namespace McpConsole.SampleServer.Metrics;

/// <summary>
/// Active connections: open HTTP requests on the MCP endpoints (a legacy SSE stream or a Streamable HTTP
/// GET stream counts while it is open), or 1 for a stdio server.
/// </summary>
public sealed class ConnectionTracker
{
    private int _active;

    public int Active => Volatile.Read(ref _active);

    public IDisposable Open()
    {
        Interlocked.Increment(ref _active);
        return new Closer(this);
    }

    private sealed class Closer(ConnectionTracker owner) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0) Interlocked.Decrement(ref owner._active);
        }
    }
}
