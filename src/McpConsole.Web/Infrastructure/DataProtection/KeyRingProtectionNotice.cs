namespace McpConsole.Web.Infrastructure.DataProtection;

/// <summary>Says once at start how the key ring is protected (the key's fingerprint only, never the key).</summary>
public sealed partial class KeyRingProtectionNotice(MasterKey? masterKey, ILogger<KeyRingProtectionNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (masterKey is null)
            LogUnprotected(logger, KeyRingProtection.ConfigurationKey, KeyRingProtection.EnvironmentVariable);
        else
            LogProtected(logger, masterKey.Id, masterKey.Origin);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys are encrypted at rest with master key {MasterKeyId} from {Origin}")]
    private static partial void LogProtected(ILogger logger, string masterKeyId, string origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection keys are stored UNENCRYPTED in the shared PostgreSQL database: no master key is configured. " +
        "Generate one (openssl rand -base64 32) and give every instance the same value in {ConfigurationKey} (environment variable {EnvironmentVariable}); " +
        "keys created from then on are encrypted")]
    private static partial void LogUnprotected(ILogger logger, string configurationKey, string environmentVariable);
}
