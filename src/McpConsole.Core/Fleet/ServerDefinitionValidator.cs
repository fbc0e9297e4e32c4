namespace McpConsole.Core.Fleet;

/// <summary>Checks a <see cref="ServerDefinition"/> before it is stored, probed or imported.</summary>
public static class ServerDefinitionValidator
{
    public const int MaxNameLength = 128;
    public const int MaxLabelLength = 100;
    public const int MinProbeIntervalSeconds = 5;
    public const int MaxProbeIntervalSeconds = 86_400;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 300;
    public const double MaxCpuCores = 1024;
    public const int MaxMemoryMb = 4 * 1024 * 1024;

    public static IReadOnlyList<FieldError> Validate(ServerDefinition server)
    {
        var errors = new List<FieldError>();
        ValidateName(server.Name, errors);
        if (server.Transport == ServerTransport.Stdio)
        {
            ValidateStdio(server, errors);
        }
        else
        {
            ValidateHttp(server, errors);
        }

        ValidateLabel(nameof(ServerDefinition.Group), server.Group, errors);
        ValidateLabel(nameof(ServerDefinition.Location), server.Location, errors);
        ValidateTags(server.Tags, errors);
        ValidateResources(server, errors);
        ValidateProbing(server, errors);
        return errors;
    }

    private static void ValidateName(string? name, List<FieldError> errors)
    {
        const string field = nameof(ServerDefinition.Name);
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new(field, "name is required"));
            return;
        }

        if (name.Length > MaxNameLength)
        {
            errors.Add(new(field, $"name must be at most {MaxNameLength} characters"));
        }

        if (name.Any(char.IsControl))
        {
            errors.Add(new(field, "name must not contain control characters"));
        }

        if (name.Trim().Length != name.Length)
        {
            errors.Add(new(field, "name must not start or end with whitespace"));
        }
    }

    private static void ValidateStdio(ServerDefinition server, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(server.Command))
        {
            errors.Add(new(nameof(ServerDefinition.Command), "a stdio server needs a command"));
        }
        else if (server.Command.Any(char.IsControl))
        {
            errors.Add(new(nameof(ServerDefinition.Command), "command must not contain control characters"));
        }

        if (server.Arguments.Any(a => a is null || a.Contains('\0')))
        {
            errors.Add(new(nameof(ServerDefinition.Arguments), "arguments must not be null or contain NUL characters"));
        }

        foreach (var (key, value) in server.Environment)
        {
            if (key.Length == 0 || key.Contains('=') || key.Contains('\0') || value.Contains('\0'))
            {
                errors.Add(new(nameof(ServerDefinition.Environment),
                    $"environment variable '{key}' is invalid: names must be non-empty without '=', values without NUL"));
            }
        }
    }

    private static void ValidateHttp(ServerDefinition server, List<FieldError> errors)
    {
        const string field = nameof(ServerDefinition.Url);
        if (string.IsNullOrWhiteSpace(server.Url))
        {
            errors.Add(new(field, "an HTTP server needs a URL"));
        }
        else if (!IsAbsoluteHttpUrl(server.Url))
        {
            errors.Add(new(field, "URL must be an absolute http:// or https:// URL"));
        }

        foreach (var (name, value) in server.Headers)
        {
            if (!IsHeaderName(name))
            {
                errors.Add(new(nameof(ServerDefinition.Headers), $"header name '{name}' is not a valid HTTP header name"));
            }
            else if (value.Any(c => c is '\r' or '\n' or '\0'))
            {
                errors.Add(new(nameof(ServerDefinition.Headers), $"header '{name}' must not contain line breaks or NUL"));
            }
        }
    }

    public static bool IsAbsoluteHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    // RFC 9110 token characters.
    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => c < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)));

    private static void ValidateLabel(string field, string? value, List<FieldError> errors)
    {
        if (value is not null && value.Length > MaxLabelLength)
        {
            errors.Add(new(field, $"{field.ToLowerInvariant()} must be at most {MaxLabelLength} characters"));
        }
    }

    private static void ValidateTags(IReadOnlyList<string> tags, List<FieldError> errors)
    {
        const string field = nameof(ServerDefinition.Tags);
        if (tags.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(new(field, "tags must not be empty"));
        }

        if (tags.Any(t => t is not null && t.Length > MaxLabelLength))
        {
            errors.Add(new(field, $"each tag must be at most {MaxLabelLength} characters"));
        }

        if (tags.Where(t => t is not null).Distinct(StringComparer.OrdinalIgnoreCase).Count() != tags.Count(t => t is not null))
        {
            errors.Add(new(field, "tags must be unique"));
        }
    }

    private static void ValidateResources(ServerDefinition server, List<FieldError> errors)
    {
        if (server.CpuCores is { } cpu && (double.IsNaN(cpu) || cpu <= 0 || cpu > MaxCpuCores))
        {
            errors.Add(new(nameof(ServerDefinition.CpuCores), $"CPU cores must be greater than 0 and at most {MaxCpuCores}"));
        }

        if (server.MemoryMb is { } memory && (memory <= 0 || memory > MaxMemoryMb))
        {
            errors.Add(new(nameof(ServerDefinition.MemoryMb), $"memory must be between 1 and {MaxMemoryMb} MB"));
        }
    }

    private static void ValidateProbing(ServerDefinition server, List<FieldError> errors)
    {
        var intervalValid = server.ProbeIntervalSeconds is >= MinProbeIntervalSeconds and <= MaxProbeIntervalSeconds;
        if (!intervalValid)
        {
            errors.Add(new(nameof(ServerDefinition.ProbeIntervalSeconds),
                $"probe interval must be between {MinProbeIntervalSeconds} and {MaxProbeIntervalSeconds} seconds"));
        }

        if (server.TimeoutSeconds is < MinTimeoutSeconds or > MaxTimeoutSeconds)
        {
            errors.Add(new(nameof(ServerDefinition.TimeoutSeconds),
                $"timeout must be between {MinTimeoutSeconds} and {MaxTimeoutSeconds} seconds"));
        }
        else if (intervalValid && server.TimeoutSeconds > server.ProbeIntervalSeconds)
        {
            errors.Add(new(nameof(ServerDefinition.TimeoutSeconds), "timeout must not be longer than the probe interval"));
        }
    }
}
