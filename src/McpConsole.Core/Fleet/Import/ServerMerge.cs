namespace McpConsole.Core.Fleet.Import;

/// <summary>How an imported definition is laid over an existing one, and which fields that changes.</summary>
internal static class ServerMerge
{
    /// <summary>
    /// The incoming definition laid over the existing one. Stored secrets follow <see cref="ServerOrigin"/>: names of
    /// those dropped because the origin changed are added to <paramref name="dropped"/>.
    /// </summary>
    public static ServerDefinition Apply(ServerDefinition existing, ServerDefinition incoming, ICollection<string> dropped)
    {
        var workingDirectory = incoming.WorkingDirectory ?? existing.WorkingDirectory;
        var arguments = ServerOrigin.ResolveArguments(incoming.Arguments, existing, incoming.Command, workingDirectory);
        var moved = existing with
        {
            Transport = incoming.Transport,
            Command = incoming.Command,
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            // An exported file shows URLs redacted: importing it back keeps the stored URL.
            Url = incoming.Url is not null && incoming.Url == UrlRedaction.Redact(existing.Url) ? existing.Url : incoming.Url,
        };
        var originChanged = ServerOrigin.Changed(existing, moved);
        return moved with
        {
            Environment = ServerOrigin.KeepOrDrop(incoming.Environment, existing.Environment, originChanged, dropped),
            Headers = ServerOrigin.KeepOrDrop(incoming.Headers, existing.Headers, originChanged, dropped),
            PassThroughEnvironment = incoming.PassThroughEnvironment,
            SecretArguments = [.. incoming.SecretArguments.Union(Enumerable.Range(0, arguments.Count)
                .Where(i => SecretRedaction.IsPlaceholder(incoming.Arguments[i]) && !SecretRedaction.IsPlaceholder(arguments[i]))).Order()],
            Group = incoming.Group ?? existing.Group,
            Location = incoming.Location ?? existing.Location,
            Tags = incoming.Tags.Count > 0 ? incoming.Tags : existing.Tags,
            CpuCores = incoming.CpuCores ?? existing.CpuCores,
            MemoryMb = incoming.MemoryMb ?? existing.MemoryMb,
        };
    }

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
        Check(a.PassThroughEnvironment.SequenceEqual(b.PassThroughEnvironment), nameof(ServerDefinition.PassThroughEnvironment));
        Check(ArgumentSecrets.Indexes(a).SequenceEqual(ArgumentSecrets.Indexes(b)), nameof(ServerDefinition.SecretArguments));
        Check(a.Url == b.Url, nameof(ServerDefinition.Url));
        Check(SameMap(a.Headers, b.Headers), nameof(ServerDefinition.Headers));
        Check(a.Group == b.Group, nameof(ServerDefinition.Group));
        Check(a.Location == b.Location, nameof(ServerDefinition.Location));
        Check(a.Tags.SequenceEqual(b.Tags), nameof(ServerDefinition.Tags));
        Check(a.CpuCores == b.CpuCores, nameof(ServerDefinition.CpuCores));
        Check(a.MemoryMb == b.MemoryMb, nameof(ServerDefinition.MemoryMb));
        return fields;
    }

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
