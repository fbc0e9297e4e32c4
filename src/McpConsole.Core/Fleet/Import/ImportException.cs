namespace McpConsole.Core.Fleet.Import;

/// <summary>Raised inside the import parsers; <see cref="ServerImport.Parse"/> turns it into an <see cref="ImportError"/>.</summary>
internal sealed class ImportException(int line, int column, string reason) : Exception($"line {line}: {reason}")
{
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Reason { get; } = reason;

    public ImportException(Json.SourcePosition position, string reason)
        : this(position.Line, position.Column, reason)
    {
    }
}
