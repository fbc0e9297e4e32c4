namespace McpConsole.Web.Infrastructure.Storage;

public enum DatabaseProvider
{
    /// <summary>One console on one machine: console.db and jobs.db in the data directory (the default).</summary>
    Sqlite,

    /// <summary>Several console instances sharing one PostgreSQL database (EF Core, Hangfire and probe leases).</summary>
    Postgres,
}

/// <summary>Settings under "McpConsole:Database" (environment: McpConsole__Database__Key).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "McpConsole:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// PostgreSQL only (Npgsql syntax, e.g. "Host=db;Database=mcpconsole;Username=console;Password=..."). A secret:
    /// never logged or shown.
    /// </summary>
    public string? ConnectionString { get; set; }

    public static DatabaseOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new StorageConfigurationException("McpConsole:Database:Provider is Postgres but McpConsole:Database:ConnectionString is empty.");
        return options;
    }
}

public sealed class StorageConfigurationException(string message) : Exception(message);
