namespace McpConsole.Core.Fleet;

/// <summary>
/// Where a server's secrets go: the scheme, host and port of an HTTP server's URL, or the program a stdio server
/// runs (command, arguments, working directory). Stored headers and environment values belong to their origin:
/// a change of origin drops them unless they are entered again.
/// </summary>
public static class ServerOrigin
{
    public static bool Changed(ServerDefinition before, ServerDefinition after)
    {
        if (before.IsHttp != after.IsHttp)
            return true;
        if (after.IsHttp)
            return !string.Equals(UrlRedaction.Origin(before.Url), UrlRedaction.Origin(after.Url), StringComparison.Ordinal);
        return before.Command != after.Command
            || before.WorkingDirectory != after.WorkingDirectory
            || !before.Arguments.SequenceEqual(after.Arguments);
    }

    /// <summary>
    /// The incoming secrets over the stored ones: a placeholder keeps the stored value while the origin stays;
    /// after an origin change it is dropped and its name added to <paramref name="dropped"/>.
    /// </summary>
    public static Dictionary<string, string> KeepOrDrop(IReadOnlyDictionary<string, string> incoming, IReadOnlyDictionary<string, string> stored,
        bool originChanged, ICollection<string> dropped)
    {
        var merged = new Dictionary<string, string>(incoming.Count, StringComparer.Ordinal);
        foreach (var (key, value) in incoming)
        {
            if (!SecretRedaction.IsPlaceholder(value))
                merged[key] = value;
            else if (stored.TryGetValue(key, out var kept) && !originChanged)
                merged[key] = kept;
            else if (stored.ContainsKey(key))
                dropped.Add(key);
            else
                merged[key] = value;
        }

        return merged;
    }

    /// <summary>
    /// Incoming arguments with each placeholder replaced by the stored secret argument at the same index, when the
    /// command and working directory stay; otherwise the placeholder is left (and the caller refuses it).
    /// </summary>
    public static IReadOnlyList<string> ResolveArguments(IReadOnlyList<string> incoming, ServerDefinition? stored, string? command, string? workingDirectory)
    {
        if (stored is null || stored.Command != command || stored.WorkingDirectory != workingDirectory)
            return incoming;
        var secret = ArgumentSecrets.Indexes(stored);
        return incoming.Select((a, i) => SecretRedaction.IsPlaceholder(a) && secret.Contains(i) && i < stored.Arguments.Count ? stored.Arguments[i] : a).ToList();
    }
}
