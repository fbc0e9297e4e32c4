namespace McpConsole.Core.Fleet;

/// <summary>One validation problem. <see cref="Field"/> is the <see cref="ServerDefinition"/> property name.</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
