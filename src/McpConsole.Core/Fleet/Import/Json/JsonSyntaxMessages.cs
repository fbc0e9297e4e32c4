namespace McpConsole.Core.Fleet.Import.Json;

/// <summary>Turns System.Text.Json reader messages into short, plain reasons an operator can act on.</summary>
internal static class JsonSyntaxMessages
{
    public const string EmptyFile = "the file is empty";

    public static string Describe(string readerMessage, bool atEndOfInput, bool insideContainer, bool insideObject)
    {
        var message = StripLocation(readerMessage);
        var closer = insideObject ? "'}'" : "']'";
        if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return EmptyFile;
        }

        if (message.StartsWith("Expected end of string", StringComparison.Ordinal))
        {
            return "unterminated string (missing closing '\"')";
        }

        if (atEndOfInput && insideContainer)
        {
            return $"unexpected end of file: expected ',' or {closer}";
        }

        if (message.Contains("is invalid after a value", StringComparison.Ordinal))
        {
            return $"expected ',' or {closer}";
        }

        if (message.Contains("is invalid after a property name", StringComparison.Ordinal))
        {
            return "expected ':' after the property name";
        }

        if (message.Contains("is an invalid start of a property name", StringComparison.Ordinal))
        {
            return "expected a property name in double quotes";
        }

        if (message.Contains("is an invalid start of a value", StringComparison.Ordinal))
        {
            return $"expected a value but found {QuotedToken(message)}";
        }

        if (message.Contains("is invalid after a single JSON value", StringComparison.Ordinal))
        {
            return "unexpected content after the end of the JSON document";
        }

        if (message.Contains("without a matching open", StringComparison.Ordinal))
        {
            return $"{QuotedToken(message)} has no matching opening bracket";
        }

        if (message.Contains("is an invalid JSON literal", StringComparison.Ordinal))
        {
            return "invalid literal (expected true, false or null)";
        }

        if (message.Contains("is invalid within a JSON string", StringComparison.Ordinal))
        {
            return "line break or control character inside a string (write it as an escape such as \\n)";
        }

        if (message.Contains("invalid escapable character", StringComparison.Ordinal))
        {
            return "invalid escape sequence in a string";
        }

        if (message.Contains("depth", StringComparison.Ordinal))
        {
            return "the document is nested too deeply";
        }

        if (message.Contains("number", StringComparison.OrdinalIgnoreCase) || message.Contains("leading zero", StringComparison.Ordinal))
        {
            return "invalid number";
        }

        return message;
    }

    private static string StripLocation(string message)
    {
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (index >= 0 ? message[..index] : message).Trim();
    }

    // Reader messages start with the offending text in quotes: "'}' is an invalid start of a value."
    private static string QuotedToken(string message)
    {
        var end = message.IndexOf("' ", 1, StringComparison.Ordinal);
        return message.StartsWith('\'') && end > 0 ? message[..(end + 1)] : "an unexpected character";
    }
}
