using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Infrastructure;

/// <summary>The Data Protection key ring in the database is encrypted with a master key kept outside it.</summary>
public sealed class KeyRingEncryptionTests
{
    private const string Token = "Bearer sekrit-keyring-4711";

    [Fact]
    public async Task KeyFile_EncryptsTheKeyRing_AndSecretsSurviveARestart()
    {
        var first = new ConsoleAppFactory { KeepDataDirectory = true };
        var directory = first.DataDirectory;
        try
        {
            int id;
            await using (first)
                id = await CreateServerWithSecretAsync(first);

            var keyFile = Path.Combine(directory, KeyRingProtection.KeyFileName);
            Assert.True(File.Exists(keyFile));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            var keyText = (await File.ReadAllTextAsync(keyFile)).Trim();
            Assert.Equal(32, Convert.FromBase64String(keyText).Length);
            AssertKeyRingEncrypted(directory);

            await using var second = new ConsoleAppFactory { Settings = new Dictionary<string, string> { ["McpConsole:DataDirectory"] = directory } };
            var registry = second.Services.GetRequiredService<ServerRegistry>();
            Assert.Equal(Token, (await registry.GetDefinitionForProbingAsync(id))!.Definition.Headers["Authorization"]);
            Assert.Equal(HttpStatusCode.OK, (await Admin(second).GetAsync($"/api/servers/{id}")).StatusCode);
            Assert.Equal(keyText, (await File.ReadAllTextAsync(keyFile)).Trim()); // the file is reused, not replaced

            var logs = ReadLogs(directory);
            Assert.Contains("encrypted at rest with master key", logs);
            Assert.DoesNotContain("No XML encryptor configured", logs);
            Assert.DoesNotContain(keyText, logs);
        }
        finally
        {
            TryDelete(directory);
        }
    }

    [Fact]
    public async Task DifferentMasterKey_CannotDecrypt_ApiAnswersAClearProblem()
    {
        var original = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var other = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var first = new ConsoleAppFactory { KeepDataDirectory = true, Settings = new Dictionary<string, string> { [KeyRingProtection.ConfigurationKey] = original } };
        var directory = first.DataDirectory;
        try
        {
            int id;
            await using (first)
                id = await CreateServerWithSecretAsync(first);
            // A configured key replaces the key file: none is written.
            Assert.False(File.Exists(Path.Combine(directory, KeyRingProtection.KeyFileName)));
            AssertKeyRingEncrypted(directory);

            await using var second = new ConsoleAppFactory
            {
                Settings = new Dictionary<string, string> { ["McpConsole:DataDirectory"] = directory, [KeyRingProtection.ConfigurationKey] = other },
            };
            var response = await Admin(second).GetAsync($"/api/servers/{id}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(UnreadableSecretsHandler.Title, problem.RootElement.GetProperty("title").GetString());
            Assert.Contains(KeyRingProtection.ConfigurationKey, problem.RootElement.GetProperty("detail").GetString());
            Assert.DoesNotContain(" at ", body);
            Assert.DoesNotContain("sekrit", body);
            // Servers without secrets still answer: the console keeps running.
            Assert.Equal(HttpStatusCode.OK, (await Admin(second).GetAsync("/api/me")).StatusCode);

            var logs = ReadLogs(directory);
            Assert.Contains("A stored secret could not be decrypted", logs);
            Assert.DoesNotContain(original, logs);
            Assert.DoesNotContain(other, logs);
        }
        finally
        {
            TryDelete(directory);
        }
    }

    private static async Task<int> CreateServerWithSecretAsync(ConsoleAppFactory factory)
    {
        var id = await Admin(factory).CreateAsync(Http(UniqueName("keyring"), headers: new() { ["Authorization"] = Token }));
        var registry = factory.Services.GetRequiredService<ServerRegistry>();
        Assert.Equal(Token, (await registry.GetDefinitionForProbingAsync(id))!.Definition.Headers["Authorization"]);
        return id;
    }

    /// <summary>Every stored key has its secret part encrypted: no &lt;masterKey&gt; element in clear.</summary>
    private static void AssertKeyRingEncrypted(string directory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "console.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select Xml from DataProtectionKeys";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(reader.GetString(0));
        Assert.NotEmpty(rows);
        Assert.All(rows, xml =>
        {
            Assert.DoesNotContain("<masterKey", xml);
            Assert.Contains("<encryptedSecret", xml);
            Assert.Contains(nameof(MasterKeyXmlDecryptor), xml);
        });
    }

    private static HttpClient Admin(ConsoleAppFactory factory)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return client;
    }

    private static string ReadLogs(string directory) =>
        string.Concat(Directory.GetFiles(Path.Combine(directory, "logs")).Select(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }));

    private static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
