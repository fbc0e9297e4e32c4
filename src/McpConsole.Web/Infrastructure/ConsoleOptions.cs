namespace McpConsole.Web.Infrastructure;

/// <summary>Settings under the "McpConsole" configuration section (environment: McpConsole__Key).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "McpConsole";

    /// <summary>Everything the console stores lives here: databases, logs, keys, backups. Relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "./data";

    public BootstrapOptions Bootstrap { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();

    /// <summary>Write logs to stdout (the rolling file in the data directory is always written, as compact JSON).</summary>
    public bool LogToConsole { get; set; } = true;

    /// <summary>stdout log lines: Auto (readable text on a terminal, compact JSON when redirected), Text or Json.</summary>
    public Logging.ConsoleLogFormat LogFormat { get; set; } = Logging.ConsoleLogFormat.Auto;
}

public sealed class BootstrapOptions
{
    /// <summary>Password of the "admin" user created on first start; a random one is generated and printed once when empty.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>An admin API key provisioned at start-up for automation (at least 24 characters).</summary>
    public string? ApiKey { get; set; }
}

public sealed class SecurityOptions
{
    /// <summary>Failed logins in a row before an account is locked.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Idle time before a browser session must log in again.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Login form posts per client address per <see cref="RateLimitWindow"/>; more get 429 with Retry-After.</summary>
    public int LoginAttemptsPerWindow { get; set; } = 10;

    /// <summary>Failed API-key authentications per client address per <see cref="RateLimitWindow"/>; then keys from it get 429.</summary>
    public int AuthFailuresPerWindow { get; set; } = 20;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Unknown or revoked API keys: at most one audit row per client address per this interval, with a count of the rest.</summary>
    public TimeSpan FailedKeyAuditInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Audit rows older than this are deleted by a daily job.</summary>
    public int AuditRetentionDays { get; set; } = 365;
}
