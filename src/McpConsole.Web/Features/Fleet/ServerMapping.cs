using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using McpConsole.Web.Infrastructure.DataProtection;
using McpConsole.Core.Fleet;

namespace McpConsole.Web.Features.Fleet;

/// <summary>McpServer (storage, secrets encrypted) to and from ServerDefinition (Core, secrets in clear).</summary>
public sealed class ServerMapping(SecretProtector secrets)
{
    public ServerDefinition ToDefinition(McpServer s)
    {
        var arguments = ReadList(s.ArgumentsJson).ToList();
        var secretArguments = new List<int>();
        foreach (var (key, value) in secrets.Unprotect(s.SecretArgumentsProtected))
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < arguments.Count)
            {
                arguments[index] = value;
                secretArguments.Add(index);
            }
        }

        return ToDefinition(s, arguments, [.. secretArguments.Order()]);
    }

    private ServerDefinition ToDefinition(McpServer s, IReadOnlyList<string> arguments, IReadOnlyList<int> secretArguments) => new()
    {
        Name = s.Name,
        Transport = Enum.Parse<ServerTransport>(s.Transport),
        Command = s.Command,
        Arguments = arguments,
        SecretArguments = secretArguments,
        PassThroughEnvironment = ReadList(s.PassThroughEnvironmentJson),
        Environment = secrets.Unprotect(s.EnvironmentProtected),
        WorkingDirectory = s.WorkingDirectory,
        Url = s.Url,
        Headers = secrets.Unprotect(s.HeadersProtected),
        Group = s.Group,
        Location = s.Location,
        Tags = ReadList(s.TagsJson),
        CpuCores = s.CpuCores,
        MemoryMb = s.MemoryMb,
        ProbeIntervalSeconds = s.ProbeIntervalSeconds,
        TimeoutSeconds = s.TimeoutSeconds,
        Enabled = s.Enabled,
    };

    /// <summary>
    /// What can be read of a row whose definition does not load: everything but the secrets, unreadable fields left at
    /// their defaults. Enough to name, schedule and report the server; never enough to reach it.
    /// </summary>
    public ServerDefinition ToDefinitionWithoutSecrets(McpServer s) => new()
    {
        Name = s.Name,
        Transport = Enum.TryParse<ServerTransport>(s.Transport, out var transport) ? transport : ServerTransport.StreamableHttp,
        Command = s.Command,
        Arguments = TryReadList(s.ArgumentsJson),
        WorkingDirectory = s.WorkingDirectory,
        Url = s.Url,
        Group = s.Group,
        Location = s.Location,
        Tags = TryReadList(s.TagsJson),
        CpuCores = s.CpuCores,
        MemoryMb = s.MemoryMb,
        ProbeIntervalSeconds = s.ProbeIntervalSeconds,
        TimeoutSeconds = s.TimeoutSeconds,
        Enabled = s.Enabled,
    };

    /// <summary>Why a stored definition did not load, in an operator's words (no secret, no stack).</summary>
    public static string DescribeLoadError(Exception error) => error is CryptographicException
        ? "stored secrets cannot be decrypted: this console runs with a different Data Protection master key than the one " +
          $"they were encrypted with (restore {KeyRingProtection.KeyFileName} in the data directory or set " +
          $"{KeyRingProtection.ConfigurationKey} to the original master key, then restart)"
        : $"stored definition cannot be loaded ({error.GetType().Name}: {error.Message})";

    /// <summary>Writes every definition field onto the entity (secrets encrypted). Timestamps are the caller's.</summary>
    public void Apply(ServerDefinition d, McpServer s)
    {
        s.Name = d.Name;
        s.Transport = d.Transport.ToString();
        s.Command = d.Transport == ServerTransport.Stdio ? d.Command : null;
        var stdio = d.Transport == ServerTransport.Stdio;
        s.ArgumentsJson = JsonSerializer.Serialize(stdio ? ArgumentSecrets.Redact(d) : []);
        s.SecretArgumentsProtected = secrets.Protect(stdio
            ? ArgumentSecrets.Indexes(d).ToDictionary(i => i.ToString(CultureInfo.InvariantCulture), i => d.Arguments[i])
            : _emptyMap);
        s.PassThroughEnvironmentJson = JsonSerializer.Serialize(stdio ? d.PassThroughEnvironment : []);
        s.EnvironmentProtected = secrets.Protect(d.Transport == ServerTransport.Stdio ? d.Environment : _emptyMap);
        s.WorkingDirectory = d.Transport == ServerTransport.Stdio ? d.WorkingDirectory : null;
        s.Url = d.IsHttp ? d.Url : null;
        s.HeadersProtected = secrets.Protect(d.IsHttp ? d.Headers : _emptyMap);
        s.Group = d.Group;
        s.Location = d.Location;
        s.TagsJson = JsonSerializer.Serialize(d.Tags);
        s.CpuCores = d.CpuCores;
        s.MemoryMb = d.MemoryMb;
        s.ProbeIntervalSeconds = d.ProbeIntervalSeconds;
        s.TimeoutSeconds = d.TimeoutSeconds;
        s.Enabled = d.Enabled;
    }

    /// <summary>The server as shown: secrets redacted (and arguments carrying credentials, even if stored before they were detected).</summary>
    public ServerView ToView(McpServer s) => new(
        s.Id, s.Name, Enum.Parse<ServerTransport>(s.Transport), s.Command, ShownArguments(s.ArgumentsJson),
        SecretRedaction.Redact(secrets.Unprotect(s.EnvironmentProtected)), s.WorkingDirectory, s.Url,
        SecretRedaction.Redact(secrets.Unprotect(s.HeadersProtected)), s.Group, s.Location, ReadList(s.TagsJson),
        s.CpuCores, s.MemoryMb, s.ProbeIntervalSeconds, s.TimeoutSeconds, s.SlowThresholdMs, s.CheckHttpHealthEndpoints,
        s.MetricsUrl, s.Enabled, s.IsDemo, s.CreatedAt, s.UpdatedAt)
    {
        SecretArguments = ReadIndexes(s.SecretArgumentsProtected is null ? [] : secrets.Unprotect(s.SecretArgumentsProtected).Keys),
        PassThroughEnvironment = ReadList(s.PassThroughEnvironmentJson),
    };

    /// <summary>Stored arguments for display: any that carries credentials is redacted.</summary>
    public static IReadOnlyList<string> ShownArguments(string? argumentsJson) =>
        ReadList(argumentsJson).Select(a => ArgumentSecrets.CarriesCredentials(a) ? SecretRedaction.Placeholder : a).ToList();

    private static IReadOnlyList<int> ReadIndexes(IEnumerable<string> keys) =>
        [.. keys.Select(k => int.Parse(k, NumberStyles.None, CultureInfo.InvariantCulture)).Order()];

    private static IReadOnlyList<string> TryReadList(string? json)
    {
        try
        {
            return ReadList(json);
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static IReadOnlyList<string> ReadList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];

    private static readonly IReadOnlyDictionary<string, string> _emptyMap = new Dictionary<string, string>();
}
