using McpConsole.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace McpConsole.Web.Infrastructure.DataProtection;

/// <summary>
/// Data Protection with its key ring in the console database, each key encrypted with a <see cref="MasterKey"/> kept
/// outside it: configured (<see cref="ConfigurationKey"/>), or in SQLite mode a key file created in the data directory.
/// Keys stored before encryption was introduced are plain XML, which Data Protection still reads as is.
/// </summary>
public static class KeyRingProtection
{
    public const string ConfigurationKey = "McpConsole:DataProtection:MasterKey";
    public const string EnvironmentVariable = "McpConsole__DataProtection__MasterKey";
    public const string KeyFileName = "dataprotection.key";

    public static IHostApplicationBuilder AddKeyRingProtection(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var masterKey = Resolve(builder.Configuration, dataDirectory);
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("McpConsole").PersistKeysToDbContext<ConsoleDbContext>();
        if (masterKey is not null)
        {
            builder.Services.AddSingleton(masterKey);
            dataProtection.AddKeyManagementOptions(o => o.XmlEncryptor = new MasterKeyXmlEncryptor(masterKey));
        }
        // The framework's hosted service loads (on a fresh database: creates) the key ring before the web server may
        // start, about 100 ms on the start-up path; the notice loads it beside the web server's start instead.
        foreach (var preload in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
            builder.Services.Remove(preload);
        builder.Services.AddHostedService(sp => new KeyRingProtectionNotice(masterKey, sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<ILogger<KeyRingProtectionNotice>>()));
        builder.Services.AddExceptionHandler<UnreadableSecretsHandler>();
        return builder;
    }

    /// <summary>
    /// The configured key; else, with SQLite (one instance per data directory), the key file; else (PostgreSQL without a
    /// configured key) none: the console keeps working with an unencrypted key ring and warns at start.
    /// </summary>
    internal static MasterKey? Resolve(IConfiguration configuration, DataDirectory dataDirectory)
    {
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
            return MasterKey.Parse(configured, "configuration " + ConfigurationKey);
        return DatabaseOptions.From(configuration).Provider == DatabaseProvider.Postgres
            ? null
            : MasterKey.FromFile(dataDirectory.File(KeyFileName));
    }
}
