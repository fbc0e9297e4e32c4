using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Tests;

/// <summary>One console per test class: real SQLite and Hangfire files in a temporary data directory.</summary>
public sealed class ConsoleAppFixture : IAsyncLifetime
{
    public ConsoleAppFactory Factory { get; } = new();

    public HttpClient AdminClient()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return client;
    }

    public async Task<HttpClient> ClientWithNewKey(string name, ConsoleRole role)
    {
        var response = await AdminClient().PostAsJsonAsync("/api/apikeys", new { name, role = role.ToString() });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedKeyDto>();
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created!.Secret);
        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public sealed record CreatedKeyDto(KeyDto Key, string Secret);

public sealed record KeyDto(int Id, string Name, string Prefix, string Role);

public sealed record AuditResultsDto(List<AuditItemDto> Items, int Total);

public sealed record AuditItemDto(string Actor, string Action, string? Target, string? Details, bool Succeeded);
