namespace McpConsole.Core.Text;

/// <summary>
/// Cuts untrusted text to a length without ever splitting a surrogate pair, and replaces lone surrogates (which a
/// server can send as JSON escapes) with U+FFFD. A string with a lone surrogate cannot be encoded as UTF-8: PostgreSQL
/// (Npgsql) refuses it with an encoder exception, and e-mail and JSON writers mangle it. Every place that shortens text
/// for storage, logs or messages goes through here.
/// </summary>
public static class SafeText
{
    public const string Ellipsis = "…";

    /// <summary>
    /// At most <paramref name="max"/> UTF-16 units: the start of <paramref name="text"/>, ending in "…" when something
    /// was cut (the ellipsis counts towards <paramref name="max"/>).
    /// </summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
        {
            return Scrub(text);
        }

        return Scrub(text[..Boundary(text, max - Ellipsis.Length)]) + Ellipsis;
    }

    /// <inheritdoc cref="Cut(string, int)"/>
    public static string? CutOrNull(string? text, int max) => text is null ? null : Cut(text, max);

    /// <summary>
    /// At most <paramref name="max"/> UTF-16 units: the end of <paramref name="text"/>, starting with "…" when something
    /// was cut (the ellipsis counts towards <paramref name="max"/>). For stderr and command output, whose end matters.
    /// </summary>
    public static string Tail(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
        {
            return Scrub(text);
        }

        var start = text.Length - (max - Ellipsis.Length);
        if (start < text.Length && char.IsLowSurrogate(text[start]) && start > 0 && char.IsHighSurrogate(text[start - 1]))
        {
            start++; // the pair's high half was cut off: leave out its low half too
        }

        return Ellipsis + Scrub(text[start..]);
    }

    /// <summary>The text with every lone surrogate replaced by U+FFFD (the same string when there is none).</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstLoneSurrogate(text);
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            var (source, from) = state;
            source.AsSpan().CopyTo(span);
            for (var i = from; i < span.Length; i++)
            {
                if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(span[i]))
                {
                    span[i] = '\uFFFD';
                }
            }
        });
    }

    // The largest length <= max that does not end between the two halves of a pair.
    private static int Boundary(string text, int max)
    {
        if (max <= 0)
        {
            return 0;
        }

        return char.IsHighSurrogate(text[max - 1]) && max < text.Length && char.IsLowSurrogate(text[max]) ? max - 1 : max;
    }

    private static int FirstLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
