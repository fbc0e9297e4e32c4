namespace McpConsole.Core.Fleet;

/// <summary>The placeholder written instead of a secret value (environment and header values).</summary>
public static class SecretRedaction
{
    public const string Placeholder = "<redacted>";

    public static bool IsPlaceholder(string? value) => string.Equals(value, Placeholder, StringComparison.Ordinal);

    public static IReadOnlyDictionary<string, string> Redact(IReadOnlyDictionary<string, string> secrets)
    {
        var redacted = new Dictionary<string, string>(secrets.Count, StringComparer.Ordinal);
        foreach (var (key, _) in secrets)
        {
            redacted[key] = Placeholder;
        }

        return redacted;
    }
}
