namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Counts the lines a stdio server wrote on stdout that are not JSON-RPC. The SDK skips such lines and only logs that
/// parsing failed, so a server that prints its logs to stdout looks merely hung; this logger factory, handed to the
/// SDK's transport, lets the probe say why. Only the count is kept: the lines are the server's (untrusted) text.
/// </summary>
internal sealed class StdoutNoise : ILoggerFactory, ILogger
{
    private int _lines;

    public int Lines => Volatile.Read(ref _lines);

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is System.Text.Json.JsonException || formatter(state, exception).Contains("parsing failed", StringComparison.Ordinal))
            Interlocked.Increment(ref _lines);
    }

    public void Dispose()
    {
    }
}
