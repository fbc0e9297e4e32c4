namespace McpConsole.Core.Fleet.Import;

/// <summary>An existing server the import would change: what it is, what it becomes, and which fields differ.</summary>
public sealed record ServerChange(ServerDefinition Existing, ServerDefinition Merged, IReadOnlyList<string> ChangedFields);

/// <summary>
/// The preview of an import, keyed by name (case-insensitive). An import sets what a config file describes:
/// transport, command, arguments, environment, URL and headers always; working directory, group, location, tags,
/// CPU and memory only when the file gives them. Operator settings (probe interval, timeout, enabled) of existing
/// servers are kept. A "&lt;redacted&gt;" environment value, header value or argument keeps the existing secret, so an
/// exported file can be imported back without wiping secrets, unless the server's origin changes (<see cref="ServerOrigin"/>):
/// then stored secrets are dropped, with a warning.
/// </summary>
public sealed record ImportPlan(
    IReadOnlyList<ServerDefinition> New,
    IReadOnlyList<ServerChange> Changed,
    IReadOnlyList<ServerDefinition> Unchanged,
    IReadOnlyList<string> Warnings)
{
    public static ImportPlan Compute(IEnumerable<ServerDefinition> existing, IEnumerable<ServerDefinition> incoming)
    {
        var byName = new Dictionary<string, ServerDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var server in existing)
        {
            byName.TryAdd(server.Name, server);
        }

        List<ServerDefinition> added = [];
        List<ServerChange> changed = [];
        List<ServerDefinition> unchanged = [];
        List<string> warnings = [];
        foreach (var server in incoming)
        {
            if (!byName.TryGetValue(server.Name, out var current))
            {
                added.Add(server);
                warnings.AddRange(UnresolvedSecrets(server));
                continue;
            }

            var dropped = new List<string>();
            var merged = ServerMerge.Apply(current, server, dropped);
            if (dropped.Count > 0)
            {
                warnings.Add($"server '{server.Name}': its address or command changed, so the stored secret(s) {string.Join(", ", dropped)} were dropped; enter them again");
            }

            var fields = ServerMerge.DifferingFields(current, merged);
            if (fields.Count == 0)
            {
                unchanged.Add(current);
            }
            else
            {
                changed.Add(new ServerChange(current, merged, fields));
                warnings.AddRange(UnresolvedSecrets(merged));
            }
        }

        return new ImportPlan(added, changed, unchanged, warnings);
    }

    public bool HasChanges => New.Count > 0 || Changed.Count > 0;

    /// <summary>Servers to write when the operator applies the plan: the new ones and the merged changes.</summary>
    public IEnumerable<ServerDefinition> ToApply => New.Concat(Changed.Select(c => c.Merged));

    private static IEnumerable<string> UnresolvedSecrets(ServerDefinition server) =>
        server.Environment.Where(e => SecretRedaction.IsPlaceholder(e.Value))
            .Select(e => $"server '{server.Name}': environment variable '{e.Key}' is redacted; set its value before enabling")
            .Concat(server.Headers.Where(h => SecretRedaction.IsPlaceholder(h.Value))
                .Select(h => $"server '{server.Name}': header '{h.Key}' is redacted; set its value before enabling"))
            .Concat(server.Arguments.Select((a, i) => (a, i)).Where(p => SecretRedaction.IsPlaceholder(p.a))
                .Select(p => $"server '{server.Name}': argument {p.i} is redacted; set its value before enabling"));
}
