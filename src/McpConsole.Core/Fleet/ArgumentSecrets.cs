using System.Text.RegularExpressions;

namespace McpConsole.Core.Fleet;

/// <summary>
/// Which stdio arguments are secrets: those marked so, and any that carry credentials in a URL
/// (<c>postgres://user:password@host</c>), found without being marked.
/// </summary>
public static partial class ArgumentSecrets
{
    public static bool CarriesCredentials(string argument) => CredentialsInUrl().IsMatch(argument);

    /// <summary>The marked indexes (within range) and the ones detected, in order.</summary>
    public static IReadOnlyList<int> Indexes(ServerDefinition server) =>
        Enumerable.Range(0, server.Arguments.Count)
            .Where(i => server.SecretArguments.Contains(i) || CarriesCredentials(server.Arguments[i]))
            .ToList();

    /// <summary>The arguments with every secret one replaced by <see cref="SecretRedaction.Placeholder"/>.</summary>
    public static IReadOnlyList<string> Redact(ServerDefinition server)
    {
        var secret = Indexes(server);
        return server.Arguments.Select((a, i) => secret.Contains(i) ? SecretRedaction.Placeholder : a).ToList();
    }

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://[^/\s@:]*:[^/\s@]*@")]
    private static partial Regex CredentialsInUrl();
}
