using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>Turns one <c>packages[]</c> entry of a registry server.json into the command that runs it over stdio.</summary>
internal static class RegistryPackage
{
    public static ServerDefinition Read(LocatedObject package, RegistryServerJsonFormat.EntryNaming naming)
    {
        var registryType = String(package, "package", "registryType", "registry_type")
            ?? throw new ImportException(package.Position, "package has no 'registryType'");
        var identifier = String(package, "package", "identifier", "name")
            ?? throw new ImportException(package.Position, "package has no 'identifier'");
        var owner = $"package '{identifier}'";
        var version = String(package, owner, "version");
        var runtimeHint = String(package, owner, "runtimeHint", "runtime_hint");
        RequireStdioTransport(package, owner);

        var environment = ReadNameValueList(package, Alias(package, "environmentVariables", "environment_variables"), owner);
        var runtimeArguments = ReadArguments(package, Alias(package, "runtimeArguments", "runtime_arguments"), owner);
        var packageArguments = ReadArguments(package, Alias(package, "packageArguments", "package_arguments"), owner);
        var pinned = !string.IsNullOrEmpty(version) && version != "latest";

        var (command, prefix, target) = registryType.ToLowerInvariant() switch
        {
            "npm" => (runtimeHint ?? "npx", (runtimeHint ?? "npx") == "npx" ? new List<string> { "-y" } : [],
                pinned ? $"{identifier}@{version}" : identifier),
            "pypi" => (runtimeHint ?? "uvx", [], pinned ? $"{identifier}=={version}" : identifier),
            "oci" => (runtimeHint ?? "docker", ["run", "-i", "--rm", .. environment.Keys.SelectMany(k => new[] { "-e", k })],
                pinned && !HasTagOrDigest(identifier) ? $"{identifier}:{version}" : identifier),
            _ => throw new ImportException(package.Find(Alias(package, "registryType", "registry_type"))!.Value.Position,
                $"{owner} has registryType '{registryType}', which cannot be imported (supported: npm, pypi, oci)"),
        };

        return new ServerDefinition
        {
            Name = naming.Next(registryType.ToLowerInvariant()),
            Transport = ServerTransport.Stdio,
            Command = command,
            Arguments = [.. prefix, .. runtimeArguments, target, .. packageArguments],
            Environment = environment,
        };
    }

    private static void RequireStdioTransport(LocatedObject package, string owner)
    {
        if (package.Get("transport") is not { } node)
        {
            return;
        }

        var transport = EntryFields.RequireObject(node, $"{owner}: 'transport'");
        var type = EntryFields.OptionalString(transport, "type", owner) ?? "stdio";
        if (!string.Equals(type, "stdio", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportException(transport.Position,
                $"{owner} uses transport '{type}'; only stdio packages can be imported (start it yourself and add its URL)");
        }
    }

    private static bool HasTagOrDigest(string image)
    {
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        return lastSegment.Contains(':') || lastSegment.Contains('@');
    }

    /// <summary><c>[{name, value?, default?}]</c> as used by environmentVariables and remote headers; a missing value is "".</summary>
    public static IReadOnlyDictionary<string, string> ReadNameValueList(LocatedObject owner, string key, string ownerName)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in EntryFields.OptionalArray(owner, key, ownerName)?.Items ?? [])
        {
            var item = EntryFields.RequireObject(node, $"{ownerName}: each item of '{key}'");
            var name = EntryFields.RequireString(item, "name", $"{ownerName}: an item of '{key}'");
            map[name] = ScalarOrNull(item, "value") ?? ScalarOrNull(item, "default") ?? "";
        }

        return map;
    }

    private static List<string> ReadArguments(LocatedObject package, string key, string owner)
    {
        var arguments = new List<string>();
        foreach (var node in EntryFields.OptionalArray(package, key, owner)?.Items ?? [])
        {
            if (node is LocatedScalar)
            {
                arguments.Add(EntryFields.ScalarText(node, $"{owner}: each item of '{key}'"));
                continue;
            }

            var argument = EntryFields.RequireObject(node, $"{owner}: each item of '{key}'");
            var value = ScalarOrNull(argument, "value") ?? ScalarOrNull(argument, "default");
            var type = EntryFields.OptionalString(argument, "type", owner) ?? "positional";
            if (type == "named")
            {
                arguments.Add(EntryFields.RequireString(argument, "name", $"{owner}: a named argument"));
                if (value is not null)
                {
                    arguments.Add(value);
                }
            }
            else
            {
                arguments.Add(value ?? ScalarOrNull(argument, "valueHint", "value_hint")
                    ?? throw new ImportException(argument.Position, $"{owner}: a positional argument has no value"));
            }
        }

        return arguments;
    }

    private static string? ScalarOrNull(LocatedObject obj, params string[] keys) =>
        keys.Select(obj.Get).FirstOrDefault(n => n is not null) is { } node ? EntryFields.ScalarText(node, $"'{keys[0]}'") : null;

    private static string? String(LocatedObject obj, string owner, params string[] keys) =>
        EntryFields.OptionalString(obj, Alias(obj, keys), owner);

    /// <summary>The first of the given spellings present in the object (or the first spelling).</summary>
    private static string Alias(LocatedObject obj, params string[] keys) => keys.FirstOrDefault(obj.Has) ?? keys[0];
}
