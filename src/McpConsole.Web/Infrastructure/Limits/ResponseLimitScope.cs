namespace McpConsole.Web.Infrastructure.Limits;

/// <summary>
/// Remembers a limit breach for the code that started the request. The MCP SDK reads a Streamable HTTP response on
/// its own and, when reading fails, reports only "response completed without a reply": the breach is recorded here
/// (on the async flow that sent the request) so a probe can name the real reason.
/// </summary>
public sealed class ResponseLimitScope
{
    private static readonly AsyncLocal<ResponseLimitScope?> s_current = new();
    private ResponseTooLargeException? _breach;

    /// <summary>The first breach seen by requests sent from this scope's flow, if any.</summary>
    public ResponseTooLargeException? Breach => Volatile.Read(ref _breach);

    /// <summary>The scope of the calling async flow, if one was begun.</summary>
    public static ResponseLimitScope? Current => s_current.Value;

    /// <summary>What is being read now (e.g. "tools/list"), to name it in the reason.</summary>
    public string? Request { get; set; }

    /// <summary>Starts a scope for the calling async flow (and the flows it starts).</summary>
    public static ResponseLimitScope Begin()
    {
        var scope = new ResponseLimitScope();
        s_current.Value = scope;
        return scope;
    }

    internal void Report(ResponseTooLargeException breach) => Interlocked.CompareExchange(ref _breach, breach, null);
}
