using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Infrastructure;

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Logs_AfterLoginsAndKeyUse_ContainNoPasswordOrKey()
    {
        string secret;
        var factory = new ConsoleAppFactory();
        await using (factory)
        {
            var admin = factory.CreateClient();
            admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
            var created = await (await admin.PostAsJsonAsync("/api/apikeys", new { name = "logged", role = "Viewer" }))
                .Content.ReadFromJsonAsync<CreatedKeyDto>();
            secret = created!.Secret;
            var viewer = factory.CreateClient();
            viewer.DefaultRequestHeaders.Add("Authorization", "Bearer " + secret);
            await viewer.GetAsync("/api/me?token=" + Uri.EscapeDataString(secret));

            var accounts = factory.Services.GetRequiredService<AccountService>();
            await accounts.LoginAsync("admin", ConsoleAppFactory.AdminPassword, null);
            await accounts.LoginAsync("admin", "wrong-" + ConsoleAppFactory.AdminPassword, null);

            var logs = Directory.GetFiles(Path.Combine(factory.DataDirectory, "logs"));
            Assert.NotEmpty(logs);
            var text = string.Concat(logs.Select(ReadShared));
            Assert.Contains("auth.login", text);
            Assert.DoesNotContain(ConsoleAppFactory.AdminPassword, text);
            Assert.DoesNotContain(ConsoleAppFactory.BootstrapKey, text);
            Assert.DoesNotContain(secret, text);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
