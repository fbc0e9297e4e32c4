using System.Security.Cryptography;
using McpConsole.Web.Features.ApiKeys;
using McpConsole.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Accounts;

/// <summary>First start: creates the "admin" user and provisions the configured automation key.</summary>
public static class BootstrapAdmin
{
    public const string AdminUserName = "admin";

    public static async Task BootstrapAccountsAsync(this IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Bootstrap;
        var accounts = services.GetRequiredService<AccountService>();
        if (!await accounts.AnyUserAsync(ct))
        {
            var password = options.AdminPassword;
            if (string.IsNullOrEmpty(password))
            {
                password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
                // Printed to the terminal once, deliberately not through the logger: log files are kept and shipped.
                Console.Error.WriteLine($"""

                    ==================================================================
                     McpConsole created the user 'admin' with this generated password:
                         {password}
                     It is shown only now. Set McpConsole__Bootstrap__AdminPassword to choose one.
                    ==================================================================

                    """);
            }
            await accounts.CreateUserAsync(AdminUserName, password, ConsoleRole.Admin, "system", ct);
        }
        if (!string.IsNullOrEmpty(options.ApiKey))
            await services.GetRequiredService<ApiKeyService>().EnsureBootstrapKeyAsync(options.ApiKey, ct);
    }
}
