namespace McpConsole.Core.Fleet.Import;

/// <summary>How an imported definition is laid over an existing one, and which fields that changes.</summary>
internal static class ServerMerge
{
    public static ServerDefinition Apply(ServerDefinition existing, ServerDefinition incoming) => existing with
    {
        Transport = incoming.Transport,
        Command = incoming.Command,
        Arguments = incoming.Arguments,
        Environment = KeepRedacted(incoming.Environment, existing.Environment),
        WorkingDirectory = incoming.WorkingDirectory ?? existing.WorkingDirectory,
        Url = incoming.Url,
        Headers = KeepRedacted(incoming.Headers, existing.Headers),
        Group = incoming.Group ?? existing.Group,
        Location = incoming.Location ?? existing.Location,
        Tags = incoming.Tags.Count > 0 ? incoming.Tags : existing.Tags,
        CpuCores = incoming.CpuCores ?? existing.CpuCores,
        MemoryMb = incoming.MemoryMb ?? existing.MemoryMb,
    };

    public static IReadOnlyList<string> DifferingFields(ServerDefinition a, ServerDefinition b)
    {
        var fields = new List<string>();
        void Check(bool same, string field)
        {
            if (!same)
            {
                fields.Add(field);
            }
        }

        Check(a.Transport == b.Transport, nameof(ServerDefinition.Transport));
        Check(a.Command == b.Command, nameof(ServerDefinition.Command));
        Check(a.Arguments.SequenceEqual(b.Arguments), nameof(ServerDefinition.Arguments));
        Check(SameMap(a.Environment, b.Environment), nameof(ServerDefinition.Environment));
        Check(a.WorkingDirectory == b.WorkingDirectory, nameof(ServerDefinition.WorkingDirectory));
        Check(a.Url == b.Url, nameof(ServerDefinition.Url));
        Check(SameMap(a.Headers, b.Headers), nameof(ServerDefinition.Headers));
        Check(a.Group == b.Group, nameof(ServerDefinition.Group));
        Check(a.Location == b.Location, nameof(ServerDefinition.Location));
        Check(a.Tags.SequenceEqual(b.Tags), nameof(ServerDefinition.Tags));
        Check(a.CpuCores == b.CpuCores, nameof(ServerDefinition.CpuCores));
        Check(a.MemoryMb == b.MemoryMb, nameof(ServerDefinition.MemoryMb));
        return fields;
    }

    private static IReadOnlyDictionary<string, string> KeepRedacted(
        IReadOnlyDictionary<string, string> incoming, IReadOnlyDictionary<string, string> existing)
    {
        var merged = new Dictionary<string, string>(incoming.Count, StringComparer.Ordinal);
        foreach (var (key, value) in incoming)
        {
            merged[key] = SecretRedaction.IsPlaceholder(value) && existing.TryGetValue(key, out var kept) ? kept : value;
        }

        return merged;
    }

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
