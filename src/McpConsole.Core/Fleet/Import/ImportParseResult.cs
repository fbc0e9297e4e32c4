namespace McpConsole.Core.Fleet.Import;

/// <summary>Where and why an import file was refused. <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
public sealed record ImportError(int Line, int Column, string Reason)
{
    /// <summary>The message to show, e.g. <c>line 7: expected ',' or '}'</c>.</summary>
    public string Message => $"line {Line}: {Reason}";

    public override string ToString() => Message;
}

/// <summary>Either every server in the file (and the detected format), or one error: nothing is half-parsed.</summary>
public sealed record ImportParseResult
{
    private ImportParseResult(ImportFormat? format, IReadOnlyList<ServerDefinition> servers, ImportError? error)
    {
        Format = format;
        Servers = servers;
        Error = error;
    }

    public ImportFormat? Format { get; }
    public IReadOnlyList<ServerDefinition> Servers { get; }
    public ImportError? Error { get; }
    public bool Succeeded => Error is null;

    public static ImportParseResult Success(ImportFormat format, IReadOnlyList<ServerDefinition> servers) =>
        new(format, servers, null);

    public static ImportParseResult Failure(ImportError error) => new(null, [], error);
}
