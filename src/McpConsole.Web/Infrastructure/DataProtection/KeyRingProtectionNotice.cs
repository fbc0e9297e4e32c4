using Microsoft.AspNetCore.DataProtection;

namespace McpConsole.Web.Infrastructure.DataProtection;

/// <summary>
/// Says once at start how the key ring is protected (the key's fingerprint only, never the key), and loads the key ring
/// (creating the first key on a fresh database) on the thread pool, so the first login does not wait for it.
/// </summary>
public sealed partial class KeyRingProtectionNotice(MasterKey? masterKey, IDataProtectionProvider dataProtection, ILogger<KeyRingProtectionNotice> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (masterKey is null)
            LogUnprotected(logger, KeyRingProtection.ConfigurationKey, KeyRingProtection.EnvironmentVariable);
        else
            LogProtected(logger, masterKey.Id, masterKey.Origin);
        _ = Task.Run(LoadKeyRing, CancellationToken.None);
        return Task.CompletedTask;
    }

    private void LoadKeyRing()
    {
        try
        {
            dataProtection.CreateProtector("McpConsole.KeyRing.Load").Protect([1]);
        }
        catch (Exception ex)
        {
            // Logged, not thrown: the next use of Data Protection tries again and reports its own error.
            LogLoadFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "The Data Protection key ring could not be loaded at start")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys are encrypted at rest with master key {MasterKeyId} from {Origin}")]
    private static partial void LogProtected(ILogger logger, string masterKeyId, string origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection keys are stored UNENCRYPTED in the shared PostgreSQL database: no master key is configured. " +
        "Generate one (openssl rand -base64 32) and give every instance the same value in {ConfigurationKey} (environment variable {EnvironmentVariable}); " +
        "keys created from then on are encrypted")]
    private static partial void LogUnprotected(ILogger logger, string configurationKey, string environmentVariable);
}
