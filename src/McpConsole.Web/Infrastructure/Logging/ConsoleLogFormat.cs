namespace McpConsole.Web.Infrastructure.Logging;

/// <summary>How log lines look on stdout (the file log is always compact JSON).</summary>
public enum ConsoleLogFormat
{
    /// <summary>Readable lines ("[12:00:01 INF] Now listening on: http://localhost:5013") when stdout is a terminal, JSON otherwise.</summary>
    Auto,

    /// <summary>Readable lines, always.</summary>
    Text,

    /// <summary>One compact JSON object per line, always (for log collectors).</summary>
    Json,
}

public static class ConsoleLogFormats
{
    /// <summary>
    /// The format stdout gets: a person at a terminal (`dotnet run`) reads text and sees the URL and the generated
    /// password at once; a pipe, a file or a container's log driver gets JSON unless told otherwise.
    /// </summary>
    public static ConsoleLogFormat Resolve(ConsoleLogFormat setting, bool outputRedirected) => setting switch
    {
        ConsoleLogFormat.Auto => outputRedirected ? ConsoleLogFormat.Json : ConsoleLogFormat.Text,
        _ => setting,
    };
}
